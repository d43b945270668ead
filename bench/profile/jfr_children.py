"""The callees of one method (its outermost frame in each sample) with their sample counts, from the
same text as jfr_totals.py.

    python3 bench/profile/jfr_children.py samples.txt dev.keyway.webapi.CallerResolver.resolve
"""
import re,collections,sys
txt=open(sys.argv[1]).read(); target=sys.argv[2]
evs=txt.split('jdk.ExecutionSample'); kids=collections.Counter(); n=0; t=0
for e in evs:
    m=re.search(r'stackTrace = \[(.*?)\n\s*\]',e,re.S)
    if not m: continue
    fr=[l.strip().split('(')[0] for l in m.group(1).strip().split('\n') if l.strip() and l.strip()!='...']
    n+=1
    idx=[i for i,f in enumerate(fr) if f==target]
    if not idx: continue
    i=idx[-1]; t+=1
    kids[fr[i-1] if i>0 else '<self>']+=1
print("samples",n,"target",t, "%.1f%%"%(100*t/n))
for k,v in kids.most_common(25): print("%5d %5.1f%% %s"%(v,100*v/n,k))
