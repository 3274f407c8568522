from benchmarks import triggers_eval as te
from workbench.research import triggers as t
for n in (2,3,4):
    t.LEAD_SENTENCES=n
    _, sc = te.evaluate(te.HELD_OUT_FILES); _, sc2 = te.evaluate(te.TUNE_FILES)
    p = te.evaluate_press_releases(); m=p.micro
    print(n, {k:(round(v.precision,3),round(v.recall,3)) for k,v in sc.items()}, {k:(round(v.precision,3),round(v.recall,3)) for k,v in sc2.items()}, round(m.precision,3), round(m.recall,3), p.negatives_tagged)
