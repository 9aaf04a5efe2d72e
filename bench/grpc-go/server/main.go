// The seed's grpc-go UserInfo server (shared/seeds, second document), with the store made
// thread-safe (a mutex around the map) and getUser answering NOT_FOUND for an unknown id,
// as examples/user_server.rs does. The peer server of bench/client.sh; built by
// bench/grpc-go/build.sh.
//
// Usage: grpc_user_server [--addr HOST:PORT]   (default 127.0.0.1:10010)
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"strconv"
	"sync"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	pb "rustsvcbench/userpb"
)

type Server struct {
	pb.UnimplementedUserInfoServer
	mu      sync.Mutex
	userMap map[string]*pb.User
}

func (s *Server) AddUser(ctx context.Context, u *pb.User) (*pb.UserId, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	uid := strconv.Itoa(len(s.userMap))
	stored := &pb.User{Id: uid, Name: u.Name, Description: u.Description}
	s.userMap[uid] = stored
	return &pb.UserId{Value: uid}, nil
}

func (s *Server) GetUser(ctx context.Context, id *pb.UserId) (*pb.User, error) {
	s.mu.Lock()
	u, ok := s.userMap[id.Value]
	s.mu.Unlock()
	if !ok {
		return nil, status.Errorf(codes.NotFound, "no user with id '%s'", id.Value)
	}
	return u, nil
}

func main() {
	addr := flag.String("addr", "127.0.0.1:10010", "HOST:PORT to listen on")
	flag.Parse()
	listener, err := net.Listen("tcp", *addr)
	if err != nil {
		log.Fatalf("cannot listen on %s: %v", *addr, err)
	}
	fmt.Printf("UserInfo listening on %s\n", listener.Addr())
	s := grpc.NewServer()
	pb.RegisterUserInfoServer(s, &Server{userMap: map[string]*pb.User{}})
	if err := s.Serve(listener); err != nil {
		log.Fatalf("serve: %v", err)
	}
}
