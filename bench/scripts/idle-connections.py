#!/usr/bin/env python3
"""Holds N idle TCP connections to a node on 127.0.0.1 for a while, for the many-connections benchmark.

usage: idle-connections.py PORT N SECONDS [NODE_PID]

Prints how long the connects took and, given the node's pid, its resident memory before and after, per connection.
"""
import socket
import sys
import time


def rss_kib(pid):
    with open('/proc/%d/status' % pid) as status:
        for line in status:
            if line.startswith('VmRSS'):
                return int(line.split()[1])
    raise RuntimeError('no VmRSS for pid %d' % pid)


def main():
    port, count, seconds = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    pid = int(sys.argv[4]) if len(sys.argv) > 4 else None
    before = rss_kib(pid) if pid else None
    start = time.time()
    sockets = [socket.create_connection(('127.0.0.1', port)) for _ in range(count)]
    took = time.time() - start
    time.sleep(3)
    if pid:
        after = rss_kib(pid)
        print('holding %d connections (connected in %.1f s); node RSS %d -> %d KiB, %.1f KiB per connection'
              % (count, took, before, after, (after - before) / count), flush=True)
    else:
        print('holding %d connections (connected in %.1f s)' % (count, took), flush=True)
    time.sleep(seconds)
    for s in sockets:
        s.close()


if __name__ == '__main__':
    main()
