#!/usr/bin/env python3
"""Where a chat stream's time to first token goes, from a packet capture of the loopback.

Capture while a chat load runs (the gateway on 19400, the simulator on 19401):

    tcpdump -i lo -tt -nn -A -s 0 -l 'tcp port 19400 or tcp port 19401' > cap.txt
    python3 bench/chat_hops.py cap.txt

Per request on each connection (keep-alive connections carry several), it pairs the request with
the first text event after it: the client's POST /api/v1/chat with the gateway's first `event:
token`, and the gateway's agent:run with the simulator's first `response.text.delta`. The set-up
(request in -> upstream request out) and the relay (upstream text in -> token out) pair the i-th
of one side with the i-th of the other, by time: exact at c=1, close at higher concurrency.
"""
import re
import sys

GATEWAY, SIMULATOR = 19400, 19401
HEADER = re.compile(r'^(\d+\.\d+) IP 127\.0\.0\.1\.(\d+) > 127\.0\.0\.1\.(\d+): .*length (\d+)')


def packets(path):
    current = None
    for line in open(path, errors='replace'):
        m = HEADER.match(line)
        if m:
            if current:
                yield current
            current = [float(m.group(1)), int(m.group(2)), int(m.group(3)), int(m.group(4)), []]
        elif current is not None:
            current[4].append(line)
    if current:
        yield current


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, max(0, int(round(p / 100 * len(values))) - 1))] * 1000


def show(name, values):
    if values:
        print(f'{name:56s} n={len(values):5d} p50={pct(values, 50):8.2f} p90={pct(values, 90):8.2f} '
              f'p99={pct(values, 99):8.2f} ms')


def main(path):
    waiting, gateway, headers, upstream = {}, [], [], []
    for t, src, dst, length, body in packets(path):
        if length == 0:
            continue
        text = ''.join(body)
        if dst == GATEWAY and 'POST /api/v1/chat' in text:
            waiting[('token', src)] = t
            waiting[('headers', src)] = t
        elif src == GATEWAY and 'HTTP/1.1 200' in text and ('headers', dst) in waiting:
            headers.append((waiting.pop(('headers', dst)), t))
        if src == GATEWAY and 'event: token' in text and ('token', dst) in waiting:
            gateway.append((waiting.pop(('token', dst)), t))
        elif dst == SIMULATOR and 'POST ' in text:
            waiting[('text', src)] = t
        elif src == SIMULATOR and 'response.text.delta' in text and ('text', dst) in waiting:
            upstream.append((waiting.pop(('text', dst)), t))
    show('gateway: chat request in -> first token out', [b - a for a, b in gateway])
    show('simulator: agent:run in -> first text delta out', [b - a for a, b in upstream])
    show('gateway: chat request in -> response headers out', [b - a for a, b in headers])
    requests_in, upstream_out = sorted(a for a, _ in gateway), sorted(a for a, _ in upstream)
    n = min(len(requests_in), len(upstream_out))
    show('set-up: chat request in -> upstream request out (by order)', [upstream_out[i] - requests_in[i] for i in range(n)])
    tokens_out, text_in = sorted(b for _, b in gateway), sorted(b for _, b in upstream)
    n = min(len(tokens_out), len(text_in))
    show('relay: upstream text in -> first token out (by order)', [tokens_out[i] - text_in[i] for i in range(n)])


if __name__ == '__main__':
    main(sys.argv[1])
