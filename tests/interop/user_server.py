"""grpcio server of the UserInfo service, with the example server's behaviour. Listens on
127.0.0.1 with a port the OS picks, prints it, serves until its standard input closes.

usage: user_server.py  (user_pb2 and user_pb2_grpc on PYTHONPATH)
"""

import sys
import threading
from concurrent import futures

import grpc

import user_pb2
import user_pb2_grpc


class UserInfo(user_pb2_grpc.UserInfoServicer):
    def __init__(self):
        self._lock = threading.Lock()
        self._users = {}

    def addUser(self, request, context):
        with self._lock:
            uid = str(len(self._users))
            user = user_pb2.User()
            user.CopyFrom(request)
            user.id = uid
            self._users[uid] = user
        return user_pb2.UserId(Value=uid)

    def getUser(self, request, context):
        with self._lock:
            user = self._users.get(request.Value)
        if user is None:
            context.abort(grpc.StatusCode.NOT_FOUND, f"no user with id '{request.Value}'")
        return user


def main() -> int:
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
    user_pb2_grpc.add_UserInfoServicer_to_server(UserInfo(), server)
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    print(port, flush=True)
    sys.stdin.read()
    server.stop(grace=None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
