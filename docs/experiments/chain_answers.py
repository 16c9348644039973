"""Per level: accuracy of a demo run's chain ANSWERs and CONCLUSIONs, how often they differ, and
the answer-only baseline's accuracy on the same questions. Usage: chain_answers.py RUN_DIR"""
import json,re,sys,collections
run=sys.argv[1]
val=json.load(open(run+'/scenes/aokvqa_v1p0_val.json'))
gt={q['question_id']:q['choices'][q['correct_choice_idx']] for q in val}
def load(arm):
    return [json.loads(l) for l in open(f'{run}/eval/{arm}/predictions.jsonl')]
base={p['key']:p['prediction'].strip() for p in load('baseline')}
for arm in ['sft','sft+grpo']:
    try: preds=load(arm)
    except FileNotFoundError: continue
    st=collections.defaultdict(lambda:[0,0,0,0,0])
    for p in preds:
        t=p['prediction']; g=gt[p['index']]
        a=re.search(r'<ANSWER>(.*?)<ANSWER_END>',t,re.S); c=re.search(r'So the answer is (.*?)\.<CONCLUSION_END>',t,re.S)
        a=a.group(1).strip() if a else None; c=c.group(1).strip() if c else None
        s=st[p['track']]; s[0]+=1; s[1]+=a==g; s[2]+=c==g; s[3]+=(a!=c); s[4]+=base.get(p['key'])==g
    for k,s in st.items(): print(run,arm,k,'n',s[0],'answer %.3f concl %.3f mismatch %.3f baseline %.3f'%(s[1]/s[0],s[2]/s[0],s[3]/s[0],s[4]/s[0]))
