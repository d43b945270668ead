"""Inclusive sample counts of the frames matching a regular expression, from `jfr print --events
jdk.ExecutionSample --stack-depth 64 <file>.jfr > samples.txt`.

    python3 bench/profile/jfr_totals.py samples.txt 'jackson|dev\.keyway'
"""
import re,collections,sys
txt=open(sys.argv[1]).read()
pat=sys.argv[2]
evs=txt.split('jdk.ExecutionSample')
tot=collections.Counter(); n=0
under=sys.argv[3] if len(sys.argv)>3 else None
for e in evs:
    m=re.search(r'stackTrace = \[(.*?)\n\s*\]',e,re.S)
    if not m: continue
    fr=[l.strip().split('(')[0] for l in m.group(1).strip().split('\n') if l.strip() and l.strip()!='...']
    n+=1
    if under and not any(under in f for f in fr): continue
    seen=set()
    for f in fr:
        if re.search(pat,f) and f not in seen:
            seen.add(f); tot[f]+=1
print("samples",n)
for k,v in tot.most_common(40): print("%5d %5.1f%% %s"%(v,100*v/n,k))
