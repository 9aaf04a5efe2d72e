"""grpcio client of the UserInfo service: AddUser, then GetUser with the id it got, then
GetUser with an unknown id. Prints one line per call for the Rust test to check.

usage: user_client.py HOST:PORT  (user_pb2 and user_pb2_grpc on PYTHONPATH)
"""

import sys

import grpc

import user_pb2
import user_pb2_grpc


def main() -> int:
    addr = sys.argv[1]
    with grpc.insecure_channel(addr) as channel:
        stub = user_pb2_grpc.UserInfoStub(channel)
        user_id = stub.addUser(user_pb2.User(name="jack", description="strong"), timeout=10)
        print(f"added {user_id.Value}")
        user = stub.getUser(user_id, timeout=10)
        print(f"got {user.id}|{user.name}|{user.description}")
        try:
            stub.getUser(user_pb2.UserId(Value="missing"), timeout=10)
            print("missing: found")
        except grpc.RpcError as e:
            print(f"missing: {e.code().name} {e.details()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
