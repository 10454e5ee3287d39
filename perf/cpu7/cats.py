#!/usr/bin/env python3
# cats.py FILE.collapsed...: split samples into categories (first matching rule from leaf upward; syscalls by leaf)
import sys,collections,re
SYS={'writev':'k:writev (sockets)','__GI_write':'k:write','__GI_read':'k:read','epoll_wait':'k:epoll_wait','__GI_epoll_ctl':'k:epoll_ctl',
     '__lseek64':'k:lseek','__futex_abstimed_wait_common':'k:futex','___pthread_cond_signal':'k:futex','__GI___pthread_mutex_unlock':'k:futex','[vdso]':'k:vdso/clock', 'futex_wait':'k:futex','__GI___lll_lock_wake':'k:futex'}
RULES=[ # (category, regex) checked from leaf to root; first frame that matches any rule wins
 ('jit', r'^(CompileBroker|C2Compiler|Compile::|C1|JavaThread::thread_main_inner)'),
 ('gc', r'^(G1|GC|WorkerThread|ParallelCleaning|OopOop|void OopOop)'),
 ('audit: redaction/PII', r'ai/lukhas/pwm/(audit/AuditRedactor|pii/)'),
 ('audit: hash/sign', r'(sha256|DigestBase|MessageDigest|ai/lukhas/pwm/audit/(ChainHash|Merkle|SignedCheckpoint|Checkpointer))'),
 ('audit: write/index', r'ai/lukhas/pwm/audit/(AuditLog\.(writeBatch|writeAlone|flushBuffer)|IdIndex)'),
 ('audit: canonical encode', r'ai/lukhas/pwm/audit/(RecordCodec|CanonicalJson|JsonBytes)'),
 ('audit: other', r'ai/lukhas/pwm/audit/'),
 ('audit: bundle parts (AuditJson/ModulationJson)', r'ai/lukhas/pwm/(pipeline/AuditJson|modulation/ModulationJson)'),
 ('moderation', r'ai/lukhas/pwm/governance/moderation/'),
 ('modulation', r'ai/lukhas/pwm/modulation/'),
 ('tool offer', r'ai/lukhas/pwm/governance/tools/'),
 ('upstream body/parse (OpenAiWire/Json)', r'ai/lukhas/pwm/provider/(OpenAiWire|OpenAiJson|OpenAiCompatibleProvider\.json|UpstreamWire)'),
 ('jetty client', r'org/eclipse/jetty/client/'),
 ('upstream: our code', r'ai/lukhas/pwm/provider/'),
 ('request parsing', r'ai/lukhas/pwm/server/api/(ChatRequestReader|Json\$Reader|Json\.object|OpenAiRequests)'),
 ('response rendering', r'ai/lukhas/pwm/server/api/(RouteSupport|Json\.)'),
 ('metrics', r'ai/lukhas/pwm/server/(GatewayMetrics|stats)'),
 ('session/rate/flags/escalation', r'ai/lukhas/pwm/(pipeline/(InMemorySessionStore|LutCache)|flags/|server/flags|governance/incident|ratelimit|server/RequestScreen|server/auth)'),
 ('pipeline: other', r'ai/lukhas/pwm/pipeline/'),
 ('our server: other', r'ai/lukhas/pwm/server/'),
 ('jetty server', r'org/eclipse/jetty/'),
 ('jdk vthreads/fj', r'java/(lang/VirtualThread|util/concurrent/ForkJoin|lang/Continuation)|jdk/internal/vm/Continuation'),
]
RULES=[(c,re.compile(r)) for c,r in RULES]
for f in sys.argv[1:]:
    cnt=collections.Counter(); tot=0
    for l in open(f):
        s,_,n=l.rstrip().rpartition(' '); n=int(n); tot+=n
        fr=s.split(';'); leaf=fr[-1]
        cat=None
        if leaf in SYS: 
            cat=SYS[leaf]
            # distinguish socket write vs audit
        else:
            for x in reversed(fr):
                for c,r in RULES:
                    if r.search(x): cat=c; break
                if cat: break
        cnt[cat or 'other:'+fr[0][:40]]+=n
    print(f"== {f} samples={tot}")
    for k,v in cnt.most_common(40): print(f"{100*v/tot:6.2f}%  {k}")
