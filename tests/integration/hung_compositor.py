"""A Wayland "compositor" that takes connections and never answers: it listens on the socket
a client finds through WAYLAND_DISPLAY, accepts every connection and holds it without reading
or writing, as a hung compositor does.

Usage: hung_compositor.py SOCKET_PATH ACCEPT_LOG

It appends "listening" to ACCEPT_LOG once clients can connect, and "accepted" for each
connection it took, so a test can wait for those instead of for time. A stale socket file at SOCKET_PATH (a compositor that
crashed) is replaced. SIGTERM ends it and removes the socket.
"""
import os
import signal
import socket
import sys


def main():
    path, log_path = sys.argv[1], sys.argv[2]

    def stop(_signal, _frame):
        if os.path.exists(path):
            os.unlink(path)
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    if os.path.exists(path):
        os.unlink(path)
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(path)
    server.listen(16)
    with open(log_path, 'a', encoding='utf-8') as log:
        log.write('listening\n')

    held = []  # the connections, kept open and never answered
    while True:
        connection, _ = server.accept()
        held.append(connection)
        with open(log_path, 'a', encoding='utf-8') as log:
            log.write('accepted\n')


if __name__ == '__main__':
    main()
