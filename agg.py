import json, sys, collections
sys.path.insert(0,'/tmp/rv72')
from score import classify, truth_for
meta = {m['file']: m for m in json.load(open('/tmp/rv72/v/meta.json'))}
def load(p):
    d = {}
    for line in open(p):
        r = json.loads(line); d[r['file'].split('/')[-1]] = r
    return d
def summ(res, strict=True):
    out = {}
    for f, rec in res.items():
        if 'error' in rec: out[f] = ('ERR', None, []); continue
        t = truth_for('/tmp/rv72/v/' + f)
        c, s = classify(rec, t, strict)
        out[f] = (c, s)
    return out
if __name__ == '__main__':
    new = summ(load(sys.argv[1]))
    agg = collections.Counter(); by = collections.Counter(); files_silent = collections.Counter()
    for f, (c, s) in new.items():
        if c == 'ERR': agg['ERR'] += 1; continue
        for k, v in c.items(): agg[k] += v
        if s:
            m = meta[f]; by[(m['fmt'], m['mut'])] += 1
    print(agg); 
    for k, v in sorted(by.items()): print(k, v)
