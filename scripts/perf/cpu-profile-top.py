import json,sys,collections
p=json.load(open(sys.argv[1]))
nodes={n['id']:n for n in p['nodes']}
parent={}
for n in p['nodes']:
    for c in n.get('children',[]): parent[c]=n['id']
# self time from samples
dt=collections.Counter()
for s,d in zip(p['samples'],p['timeDeltas']): dt[s]+=d
def key(n):
    cf=n['callFrame']; u=cf['url'].split('/')[-1]
    return f"{cf['functionName'] or '(anon)'} {u}:{cf['lineNumber']+1}:{cf['columnNumber']}"
selft=collections.Counter(); incl=collections.Counter()
for nid,t in dt.items():
    selft[key(nodes[nid])]+=t
    seen=set(); x=nid
    while x is not None:
        k=key(nodes[x])
        if k not in seen: incl[k]+=t; seen.add(k)
        x=parent.get(x)
tot=sum(dt.values())
N=int(sys.argv[2]) if len(sys.argv)>2 else 40
print('total ms',tot/1000)
print('--- self'); [print(f"{v/1000:9.0f} {k}") for k,v in selft.most_common(N)]
if len(sys.argv)>3:
  print('--- inclusive'); [print(f"{v/1000:9.0f} {k}") for k,v in incl.most_common(int(sys.argv[3]))]
