#!/usr/bin/env python3
"""Wire-level helpers for scripts/compare.sh, on the plugin protocol's two messages:

  compare_pb.py with-parameter REQUEST PARAMETER OUT
      writes REQUEST (an encoded CodeGeneratorRequest) to OUT with its parameter (field 2)
      replaced by PARAMETER (none when empty); every other field is copied byte for byte.
  compare_pb.py unpack RESPONSE DIR
      writes the files of an encoded CodeGeneratorResponse into DIR/files, their names in the
      order the plugin sent them into DIR/order.txt, its error into DIR/error.txt and its
      supported features into DIR/features.txt.
"""

import os
import sys


def varint(buf, i):
    shift = value = 0
    while True:
        b = buf[i]
        i += 1
        value |= (b & 0x7F) << shift
        if b < 0x80:
            return value, i
        shift += 7


def encode_varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def fields(buf):
    """(field number, wire type, value, raw bytes of the whole field) at the top level."""
    i = 0
    while i < len(buf):
        start = i
        key, i = varint(buf, i)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, i = varint(buf, i)
        elif wire == 2:
            n, i = varint(buf, i)
            value = buf[i : i + n]
            i += n
        elif wire == 1:
            value = buf[i : i + 8]
            i += 8
        elif wire == 5:
            value = buf[i : i + 4]
            i += 4
        else:
            sys.exit(f"unexpected wire type {wire} at byte {start}")
        yield number, wire, value, buf[start:i]


def with_parameter(request, parameter, out):
    buf = open(request, "rb").read()
    kept = [raw for number, _, _, raw in fields(buf) if number != 2]
    if parameter:
        p = parameter.encode()
        kept.append(b"\x12" + encode_varint(len(p)) + p)
    open(out, "wb").write(b"".join(kept))


def unpack(response, directory):
    buf = open(response, "rb").read()
    os.makedirs(directory, exist_ok=True)
    error, features, order = None, None, []
    for number, _, value, _ in fields(buf):
        if number == 1:
            error = value.decode()
        elif number == 2:
            features = value
        elif number == 15:
            name, content = "", b""
            for f, _, v, _ in fields(value):
                if f == 1:
                    name = v.decode()
                elif f == 15:
                    content = v
            order.append(name)
            path = os.path.join(directory, "files", name)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            open(path, "wb").write(content)
    open(os.path.join(directory, "order.txt"), "w").write("".join(f"{n}\n" for n in order))
    open(os.path.join(directory, "error.txt"), "w").write("" if error is None else error + "\n")
    open(os.path.join(directory, "features.txt"), "w").write(f"{features}\n")


if __name__ == "__main__":
    if sys.argv[1:2] == ["with-parameter"] and len(sys.argv) == 5:
        with_parameter(*sys.argv[2:])
    elif sys.argv[1:2] == ["unpack"] and len(sys.argv) == 4:
        unpack(*sys.argv[2:])
    else:
        sys.exit(__doc__)
