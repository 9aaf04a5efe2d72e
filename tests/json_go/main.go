// Command json_go converts messages between the protobuf binary format and ProtoJSON with
// protobuf-go's protojson, over dynamic messages built from a FileDescriptorSet: the reference
// side of tests/json_go.rs.
//
// Usage: json_go DESCRIPTOR_SET
//
// It reads requests from stdin until EOF and answers each on stdout, in order. Every number is
// a little-endian uint32.
//
//	request:  len, message full name; mode byte; len, payload
//	response: status byte (0 ok, 1 error); len, payload or error text
//
// Modes: 'b' binary -> JSON; 'j' JSON -> binary (deterministic); 'c' JSON -> JSON (canonical);
// 'e' two binary messages (len, first; then the second) -> empty when proto.Equal, else an
// error showing both.
package main

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"io"
	"os"

	"google.golang.org/protobuf/encoding/protojson"
	"google.golang.org/protobuf/encoding/prototext"
	"google.golang.org/protobuf/proto"
	"google.golang.org/protobuf/reflect/protodesc"
	"google.golang.org/protobuf/reflect/protoreflect"
	"google.golang.org/protobuf/reflect/protoregistry"
	"google.golang.org/protobuf/types/descriptorpb"
	"google.golang.org/protobuf/types/dynamicpb"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: json_go DESCRIPTOR_SET")
		os.Exit(2)
	}
	types, err := load(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "json_go:", err)
		os.Exit(1)
	}
	in := bufio.NewReader(os.Stdin)
	out := bufio.NewWriter(os.Stdout)
	defer out.Flush()
	for {
		name, err := readChunk(in)
		if err == io.EOF {
			return
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "json_go: reading a request:", err)
			os.Exit(1)
		}
		mode, err := in.ReadByte()
		if err != nil {
			fmt.Fprintln(os.Stderr, "json_go: reading a request:", err)
			os.Exit(1)
		}
		payload, err := readChunk(in)
		if err != nil {
			fmt.Fprintln(os.Stderr, "json_go: reading a request:", err)
			os.Exit(1)
		}
		answer, err := convert(types, string(name), mode, payload)
		if err != nil {
			out.WriteByte(1)
			writeChunk(out, []byte(err.Error()))
		} else {
			out.WriteByte(0)
			writeChunk(out, answer)
		}
		// The caller waits for each answer before it sends the next request.
		if err := out.Flush(); err != nil {
			os.Exit(1)
		}
	}
}

// load builds a registry of dynamic message types from a serialised FileDescriptorSet.
func load(path string) (*protoregistry.Types, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var set descriptorpb.FileDescriptorSet
	if err := proto.Unmarshal(data, &set); err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	files, err := protodesc.NewFiles(&set)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", path, err)
	}
	types := new(protoregistry.Types)
	var register func(protoreflect.MessageDescriptors) error
	register = func(messages protoreflect.MessageDescriptors) error {
		for i := 0; i < messages.Len(); i++ {
			md := messages.Get(i)
			if md.IsMapEntry() {
				continue
			}
			if err := types.RegisterMessage(dynamicpb.NewMessageType(md)); err != nil {
				return err
			}
			if err := register(md.Messages()); err != nil {
				return err
			}
		}
		return nil
	}
	files.RangeFiles(func(fd protoreflect.FileDescriptor) bool {
		err = register(fd.Messages())
		return err == nil
	})
	return types, err
}

func convert(types *protoregistry.Types, name string, mode byte, payload []byte) ([]byte, error) {
	mt, err := types.FindMessageByName(protoreflect.FullName(name))
	if err != nil {
		return nil, fmt.Errorf("message %s: %v", name, err)
	}
	msg := mt.New().Interface()
	unmarshalJSON := protojson.UnmarshalOptions{Resolver: types}
	marshalJSON := protojson.MarshalOptions{Resolver: types}
	switch mode {
	case 'b':
		if err := (proto.UnmarshalOptions{Resolver: types}).Unmarshal(payload, msg); err != nil {
			return nil, err
		}
		return marshalJSON.Marshal(msg)
	case 'j':
		if err := unmarshalJSON.Unmarshal(payload, msg); err != nil {
			return nil, err
		}
		return proto.MarshalOptions{Deterministic: true}.Marshal(msg)
	case 'c':
		if err := unmarshalJSON.Unmarshal(payload, msg); err != nil {
			return nil, err
		}
		return marshalJSON.Marshal(msg)
	case 'e':
		if len(payload) < 4 || int(binary.LittleEndian.Uint32(payload)) > len(payload)-4 {
			return nil, fmt.Errorf("mode e: malformed payload")
		}
		n := 4 + int(binary.LittleEndian.Uint32(payload))
		other := mt.New().Interface()
		unmarshal := proto.UnmarshalOptions{Resolver: types}
		if err := unmarshal.Unmarshal(payload[4:n], msg); err != nil {
			return nil, fmt.Errorf("first message: %v", err)
		}
		if err := unmarshal.Unmarshal(payload[n:], other); err != nil {
			return nil, fmt.Errorf("second message: %v", err)
		}
		if !proto.Equal(msg, other) {
			text := prototext.MarshalOptions{Multiline: true}
			return nil, fmt.Errorf("the messages differ:\n%s\n-- and --\n%s", text.Format(msg), text.Format(other))
		}
		return []byte{}, nil
	}
	return nil, fmt.Errorf("unknown mode %q", mode)
}

func readChunk(in *bufio.Reader) ([]byte, error) {
	var size [4]byte
	if _, err := io.ReadFull(in, size[:]); err != nil {
		return nil, err
	}
	chunk := make([]byte, binary.LittleEndian.Uint32(size[:]))
	if _, err := io.ReadFull(in, chunk); err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	return chunk, nil
}

func writeChunk(out *bufio.Writer, chunk []byte) {
	var size [4]byte
	binary.LittleEndian.PutUint32(size[:], uint32(len(chunk)))
	out.Write(size[:])
	out.Write(chunk)
}
