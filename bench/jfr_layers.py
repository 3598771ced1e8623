#!/usr/bin/env python3
"""Sums a JFR execution-sample dump (`jfr print --events jdk.ExecutionSample`) by layer and by thread pool.

A sample counts once for every layer that has a frame on its stack (inclusive: the shares add up to
more than 100 %), and once for the layer of its top frame that is not the JDK itself (self). Used by
bench/profile.sh; the layers are package prefixes, first match wins for the self column.
"""
import argparse
import re
from collections import Counter

LAYERS = [
    ("Spring MVC dispatch", ("org.springframework.web.servlet.", "org.springframework.web.filter.",
                             "org.springframework.web.context.request.async.", "org.springframework.web.method.")),
    ("Tomcat (Catalina + Coyote)", ("org.apache.catalina.", "org.apache.coyote.", "org.apache.tomcat.")),
    ("Camel", ("org.apache.camel.",)),
    ("Micrometer", ("io.micrometer.",)),
    ("JDK HttpClient", ("jdk.internal.net.http.", "java.net.http.")),
    ("Nimbus JOSE (JWT)", ("com.nimbusds.",)),
    ("Jackson", ("com.fasterxml.jackson.",)),
    ("JSON Schema validator", ("com.networknt.",)),
    ("Logging", ("ch.qos.logback.", "org.slf4j.", "net.logstash.")),
    ("Bucket4j", ("io.github.bucket4j.",)),
    ("Resilience4j", ("io.github.resilience4j.",)),
    ("Spring (other)", ("org.springframework.",)),
    ("Gateway code", ("dev.cortexgateway.",)),
]
JDK = ("java.", "javax.", "jdk.", "sun.", "com.sun.")


def layer_of(frame):
    for name, prefixes in LAYERS:
        if frame.startswith(prefixes):
            return name
    return None


def pool_of(thread):
    # http-nio-19400-exec-12 -> http-nio-19400-exec; gateway-tools-3 -> gateway-tools
    return re.sub(r"[-#]?\d+$", "", thread) or thread


def parse(path):
    thread, frames, in_stack = None, [], False
    with open(path, encoding="utf-8", errors="replace") as dump:
        for line in dump:
            s = line.strip()
            if s.startswith("jdk.ExecutionSample"):
                thread, frames, in_stack = None, [], False
            elif s.startswith("sampledThread ="):
                m = re.search(r'"([^"]*)"', s)
                thread = m.group(1) if m else "?"
            elif s.startswith("stackTrace = ["):
                in_stack = True
            elif in_stack and s == "]":
                in_stack = False
            elif in_stack and s and s != "...":
                frames.append(s.split("(")[0])
            elif s == "}" and thread is not None:
                yield thread, frames
                thread = None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("samples")
    ap.add_argument("--requests", type=int, default=0)
    ap.add_argument("--title", default="")
    args = ap.parse_args()
    total, inclusive, self_layer, pools = 0, Counter(), Counter(), Counter()
    for thread, frames in parse(args.samples):
        total += 1
        pools[pool_of(thread)] += 1
        inclusive.update({layer for layer in map(layer_of, frames) if layer})
        top = next((f for f in frames if not f.startswith(JDK)), None)
        self_layer[(layer_of(top) if top else None) or ("JDK" if frames else "?")] += 1
    print(f"# Profile: {args.title}\n")
    print(f"{total} execution samples of Java threads (JIT compiler and GC threads are not sampled)"
          + (f"; {args.requests} requests completed while profiling" if args.requests else "") + ".\n")
    print("| layer | inclusive | self |\n|---|---|---|")
    for name, _ in LAYERS + [("JDK", ())]:
        if inclusive[name] or self_layer[name]:
            print(f"| {name} | {100 * inclusive[name] / max(total, 1):.1f} % | {100 * self_layer[name] / max(total, 1):.1f} % |")
    print("\n| thread pool | samples |\n|---|---|")
    for pool, n in pools.most_common(12):
        print(f"| {pool} | {100 * n / max(total, 1):.1f} % |")


if __name__ == "__main__":
    main()
