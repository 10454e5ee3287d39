#!/usr/bin/env python3
# perf/floor/cats.py FILE.collapsed [CPU_US_PER_REQ] ...: the samples of a floor proxy's saturation profile
# (perf/floor/prof.sh) split into categories of the I/O stack, each as a share and, when the run's CPU per request
# is given after the file, as µs per request. The first rule that matches, from the leaf upward; system calls by
# their leaf frame (as perf/cpu7/cats.py, whose gateway categories a floor proxy does not need).
import collections
import re
import sys

SYS = {'writev': 'k: socket writes (writev/write/send)', '__GI_write': 'k: socket writes (writev/write/send)',
       '__send': 'k: socket writes (writev/write/send)', '__libc_send': 'k: socket writes (writev/write/send)',
       '__GI_read': 'k: socket reads (read/recv)', '__libc_recv': 'k: socket reads (read/recv)',
       '__recv': 'k: socket reads (read/recv)', 'read': 'k: socket reads (read/recv)',
       'write': 'k: socket writes (writev/write/send)', 'writev@plt': 'k: socket writes (writev/write/send)',
       'recv': 'k: socket reads (read/recv)', 'recvfrom': 'k: socket reads (read/recv)',
       'epoll_wait': 'k: epoll_wait', 'epoll_pwait': 'k: epoll_wait', 'epoll_pwait2': 'k: epoll_wait', '__GI_epoll_ctl': 'k: epoll_ctl', 'epoll_ctl': 'k: epoll_ctl',
       '__futex_abstimed_wait_common': 'k: futex (wake-ups)', '___pthread_cond_signal': 'k: futex (wake-ups)',
       '__GI___pthread_mutex_unlock': 'k: futex (wake-ups)', 'futex_wait': 'k: futex (wake-ups)',
       '__GI___lll_lock_wake': 'k: futex (wake-ups)', '[vdso]': 'k: vdso/clock',
       '__GI___eventfd_write': 'k: eventfd (event loop wake-ups)', 'eventfd_write': 'k: eventfd (event loop wake-ups)'}
RULES = [
    ('jit', r'^(CompileBroker|C2Compiler|Compile::|C1|JavaThread::thread_main_inner)'),
    ('gc', r'^(G1|GC|WorkerThread|ParallelCleaning|OopOop|void OopOop)'),
    ('the proxy\'s own code', r'^(NettyFloorProxy|HelidonFloorProxy|FloorProxy)'),
    ('netty http codec + aggregator', r'io/netty/handler/codec/'),
    ('netty buffers', r'io/netty/buffer/'),
    ('netty transport / event loop', r'io/netty/(channel|util|bootstrap)/'),
    ('helidon webclient', r'io/helidon/webclient/'),
    ('helidon webserver', r'io/helidon/webserver/'),
    ('helidon http/common', r'io/helidon/'),
    ('jetty client', r'org/eclipse/jetty/client/'),
    ('jetty server', r'org/eclipse/jetty/'),
    ('jdk sockets (sun/nio/ch, java/net)', r'^(sun/nio/ch/|java/net/|sun/net/)'),
    ('jdk vthreads/fj', r'java/(lang/VirtualThread|util/concurrent/ForkJoin|lang/Continuation)|jdk/internal/vm/Continuation'),
]
RULES = [(c, re.compile(r)) for c, r in RULES]

args = sys.argv[1:]
while args:
    f = args.pop(0)
    per = float(args.pop(0)) if args and re.fullmatch(r'[0-9.]+', args[0]) else None
    cnt = collections.Counter()
    tot = 0
    for line in open(f):
        s, _, n = line.rstrip().rpartition(' ')
        n = int(n)
        tot += n
        fr = s.split(';')
        cat = SYS.get(fr[-1])
        if cat is None:
            for x in reversed(fr):
                for c, r in RULES:
                    if r.search(x):
                        cat = c
                        break
                if cat:
                    break
        cnt[cat or 'other: ' + fr[0][:40]] += n
    print(f"== {f} samples={tot}" + (f" cpu_us_per_req={per:g}" if per else ""))
    for k, v in cnt.most_common(30):
        print(f"{100 * v / tot:6.2f}%" + (f" {per * v / tot:6.1f} us" if per else "") + f"  {k}")
