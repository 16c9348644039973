#!/usr/bin/env python3
"""Times Hugging Face transformers' Qwen2_5_VLForConditionalGeneration on a GPU with random weights,
in the shapes, dtype and protocol of robustr1's GpuLatency (robustr1-bench), so the two can be put
side by side from one run on the same card (scripts/gpu-check.sh does both).

Parts (each with its peak device memory):
  vision   the vision tower and merger on one 448x448 image (1024 patches -> 256 tokens)
  prefill  vision + decoder over the 300-token prompt + the first greedy pick (logits_to_keep=1)
  decode   ms/token of greedy KV-cached generate: (t(1+N) - t(1)) / N, as GpuLatency computes it
  sft      one step: forward with labels over a --sft-seq-token row (prompt with the image + answer),
           backward, clip 1.0, AdamW (lr 1e-5), vision tower frozen
  grpo     one step: G sampled completions of --grpo-tokens new tokens (top_k 50, temperature 1,
           never stopping early), reference log-probs from a frozen copy (beta > 0), policy
           log-probs with gradient checkpointing, the GRPO loss (k3 KL, ratio 1), backward, clip, AdamW

Peak memory is measured as GpuLatency measures it: torch.cuda.mem_get_info (total - free: CUDA
context and allocator cache included) sampled every 1 ms by a thread, the cache emptied before each
part; torch.cuda.max_memory_allocated / max_memory_reserved are reported too.

usage: python scripts/hf_gpu_anchor.py --ours gpu-latency.json [--json hf.json]
       python scripts/hf_gpu_anchor.py --config CONFIG.json --dtype fp32 [--tf32 off] [--parts ...]
       python scripts/hf_gpu_anchor.py --compare OURS.json HF.json    (a markdown table; no torch needed)
--ours reads GpuLatency's JSON (config file, prompt ids, dtype, TF32, SFT and GRPO sizes), so both
sides run the same shapes. Needs torch with CUDA and transformers (4.49+; run with 5.x).
"""
import argparse
import json
import statistics
import sys
import threading
import time


def parse_args(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--ours", help="GpuLatency --json output to mirror")
    p.add_argument("--config", help="config.json of the model (GpuLatency writes WORK/config.json)")
    p.add_argument("--dtype", default="fp32", choices=["fp32", "fp16", "bf16"])
    p.add_argument("--tf32", default="", choices=["", "on", "off"])
    p.add_argument("--device", default="cuda:0")
    p.add_argument("--attn", default="sdpa", choices=["sdpa", "eager"])
    p.add_argument("--parts", default="vision,prefill,decode,sft,grpo")
    p.add_argument("--reps", type=int, default=5)
    p.add_argument("--decode-steps", type=int, default=64)
    p.add_argument("--sft-seq", type=int, default=1024)
    p.add_argument("--sft-prompt", type=int, default=0, help="prompt tokens of the SFT row (default: GpuLatency's)")
    p.add_argument("--grpo-g", type=int, default=8)
    p.add_argument("--grpo-tokens", type=int, default=512)
    p.add_argument("--grpo-beta", type=float, default=0.04)
    p.add_argument("--grpo-prompt", type=int, default=300, help="prompt tokens of the GRPO row (default: GpuLatency's)")
    p.add_argument("--train-steps", type=int, default=2)
    p.add_argument("--json", default="")
    a = p.parse_args(argv)
    a.prompt_ids = None
    a.grids = None
    if a.ours:
        with open(a.ours) as f:
            ours = json.load(f)
        s = ours["settings"]
        a.config = a.config or s["config_json"]
        a.dtype = s["--dtype"]
        a.tf32 = a.tf32 or s.get("--tf32", "")
        a.parts = s["--parts"]
        a.reps = int(s["--reps"])
        a.decode_steps = int(s["--decode-steps"])
        a.sft_seq = int(s["--sft-seq"])
        a.grpo_g = int(s["--grpo-g"])
        a.grpo_tokens = int(s["--grpo-tokens"])
        a.grpo_beta = float(s["--grpo-beta"])
        a.train_steps = int(s["--train-steps"])
        a.prompt_ids = s.get("prompt_ids")
        a.grids = s.get("grids")
        for r in ours["results"]:
            if r["part"] == "grpo step":
                a.grpo_prompt = int(r["prompt_tokens"])
            if r["part"] == "sft step" and not a.sft_prompt:
                a.sft_prompt = int(r["prompt_tokens"])
                a.sft_seq = int(r["total_tokens"])
    if not a.config:
        p.error("give --ours or --config")
    return a


class PeakMemory:
    """Peak of cudaMemGetInfo total-free, sampled every 1 ms by a daemon thread."""

    def __init__(self, torch, device):
        self.torch, self.device = torch, device
        self.peak = 0
        self.running = True
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _used(self):
        free, total = self.torch.cuda.mem_get_info(self.device)
        return total - free

    def _run(self):
        while self.running:
            self.peak = max(self.peak, self._used())
            time.sleep(0.001)

    def reset(self):
        self.torch.cuda.synchronize(self.device)
        self.torch.cuda.empty_cache()
        self.torch.cuda.reset_peak_memory_stats(self.device)
        self.peak = self._used()

    def read(self):
        self.torch.cuda.synchronize(self.device)
        self.peak = max(self.peak, self._used())
        mib = 1 << 20
        return {
            "peak_mib": self.peak / mib,
            "max_allocated_mib": self.torch.cuda.max_memory_allocated(self.device) / mib,
            "max_reserved_mib": self.torch.cuda.max_memory_reserved(self.device) / mib,
        }

    def close(self):
        self.running = False


def fixture_prompt(grid, text_tokens=25):
    """QwenBenchFixture.prompt: chat head, the image block, filler text, assistant header."""
    head = [151644, 8948, 198, 2610, 525, 264, 10950, 17847, 13, 151645, 198, 151644, 872, 198]
    image = grid[0] * grid[1] * grid[2] // 4
    out = head + [151652] + [151655] * image + [151653]
    i = 0
    while len(out) < len(head) + text_tokens + image + 2:
        out.append(1000 + (i * 37) % 5000)
        i += 1
    return out + [151644, 77091, 198]


def compare(ours_file, hf_file):
    """Markdown: both runs side by side, ours / HF per part, decode against the HBM bound."""
    with open(ours_file) as f:
        ours = json.load(f)
    with open(hf_file) as f:
        hf = json.load(f)
    s = ours["settings"]
    hf_rows = {r["part"]: r for r in hf["results"]}
    lines = [
        f"## {s['--shape']} shape, {s['--dtype']}, TF32 {s.get('--tf32') or 'default'} on {hf.get('device_name', s['device_description'])}",
        "",
        f"robustr1 (DJL, {s['device_description']}) against transformers {hf.get('transformers')} (torch {hf.get('torch')},"
        f" attention {hf['settings'].get('attn')}), random weights, same config and shapes, same card and call.",
        f"Peak memory: {s['memory_method']} on both sides; HF's allocator peaks (allocated / reserved) in brackets.",
        "",
        "| part | robustr1 ms | HF ms | ours / HF | robustr1 peak MiB | HF peak MiB | what |",
        "|---|---|---|---|---|---|---|",
    ]
    bound = None
    for r in ours["results"]:
        h = hf_rows.get(r["part"])
        ratio = f"{r['ms'] / h['ms']:.2f}" if h and h["ms"] > 0 else "n/a"
        hms = f"{h['ms']:.2f}" if h else "n/a"
        hpk = f"{h['peak_mib']:.0f} ({h['max_allocated_mib']:.0f} / {h['max_reserved_mib']:.0f})" if h else "n/a"
        lines.append(f"| {r['part']} | {r['ms']:.2f} | {hms} | {ratio} | {r['peak_mib']:.0f} | {hpk} | {r['note']} |")
        if r["part"] == "decode" and "bound_ms" in r:
            bound = (r["bound_ms"], r["weight_bytes_per_token"], r["ms"], h["ms"] if h else None)
    if bound:
        b, nbytes, ms, hms = bound
        lines += ["", f"Decode bound: {nbytes / 1e9:.2f} GB of weights read per token / {s['--hbm-tbs']} TB/s = {b:.3f} ms;"
                  f" robustr1 reaches {100 * b / ms:.0f} % of it" + (f", HF {100 * b / hms:.0f} %." if hms else ".")]
    print("\n".join(lines) + "\n")
    return 0


def main(argv):
    if argv[:1] == ["--compare"]:
        return compare(argv[1], argv[2])
    a = parse_args(argv)
    import torch
    import transformers
    from transformers import Qwen2_5_VLConfig, Qwen2_5_VLForConditionalGeneration

    dev = torch.device(a.device)
    dtype = {"fp32": torch.float32, "fp16": torch.float16, "bf16": torch.bfloat16}[a.dtype]
    if a.tf32:
        torch.backends.cuda.matmul.allow_tf32 = a.tf32 == "on"
        torch.backends.cudnn.allow_tf32 = a.tf32 == "on"
    with open(a.config) as f:
        cfg_dict = json.load(f)
    config = Qwen2_5_VLConfig.from_dict(cfg_dict)
    config._attn_implementation = a.attn
    grids = a.grids or [[1, 32, 32]]
    grid = grids[0]
    ids = a.prompt_ids or fixture_prompt(grid)
    patch_dim = 3 * 2 * 14 * 14
    patches = sum(t * h * w for t, h, w in grids)
    print(f"hf_gpu_anchor: transformers {transformers.__version__}, torch {torch.__version__}, "
          f"{torch.cuda.get_device_name(dev)}, dtype {a.dtype}, TF32 matmul {torch.backends.cuda.matmul.allow_tf32}, "
          f"attention {a.attn}, prompt {len(ids)} tokens")
    parts = a.parts.split(",")
    mem = PeakMemory(torch, dev)
    rows = []

    def record(name, ms, note, **extra):
        m = mem.read()
        print(f"{name:10s} {ms:12.3f} ms   peak {m['peak_mib']:9.0f} MiB "
              f"(allocated {m['max_allocated_mib']:.0f}, reserved {m['max_reserved_mib']:.0f})   {note}")
        rows.append(dict(part=name, ms=ms, note=note, **m, **extra))

    def build(seed=42):
        torch.manual_seed(seed)
        with torch.device(dev):
            model = Qwen2_5_VLForConditionalGeneration(config)
        return model.to(dtype)

    def median_ms(reps, body):
        body()
        torch.cuda.synchronize(dev)
        out = []
        for _ in range(reps):
            t = time.perf_counter()
            body()
            torch.cuda.synchronize(dev)
            out.append((time.perf_counter() - t) * 1e3)
        return statistics.median(out)

    g = torch.Generator(device="cpu").manual_seed(1)
    pixels = torch.randn(patches, patch_dim, generator=g).to(dev, dtype)
    grid_thw = torch.tensor(grids, device=dev)
    # the training rows hold one 448x448 image whatever the shape (GpuLatency's BenchRuns)
    grid448 = [1, 32, 32]
    px448 = torch.randn(1024, patch_dim, generator=g).to(dev, dtype)
    thw448 = torch.tensor([grid448], device=dev)
    input_ids = torch.tensor([ids], device=dev)
    never = config.vocab_size - 1  # the stop id of GpuLatency's generation config: random weights never pick it

    if any(p in parts for p in ("vision", "prefill", "decode")):
        mem.reset()
        model = build().eval()
        visual = model.model.visual if hasattr(model, "model") and hasattr(model.model, "visual") else model.visual
        with torch.inference_mode():
            if "vision" in parts:
                mem.reset()
                ms = median_ms(a.reps, lambda: visual(pixels, grid_thw=grid_thw))
                record("vision", ms, f"{pixels.shape[0]} patches")

            def gen(n):
                out = model.generate(input_ids=input_ids, attention_mask=torch.ones_like(input_ids), pixel_values=pixels,
                                     image_grid_thw=grid_thw, max_new_tokens=n, min_new_tokens=n, do_sample=False,
                                     eos_token_id=never, pad_token_id=151643)
                assert out.shape[1] == input_ids.shape[1] + n, out.shape

            if "prefill" in parts or "decode" in parts:
                mem.reset()
                t1 = median_ms(a.reps, lambda: gen(1))
                if "prefill" in parts:
                    record("prefill", t1, f"{len(ids)} tokens, generate(1): vision + decoder + first pick")
                if "decode" in parts:
                    tn = median_ms(max(1, a.reps // 2), lambda: gen(1 + a.decode_steps))
                    record("decode", (tn - t1) / a.decode_steps, f"ms/token over {a.decode_steps} steps (generate, greedy)")
        del model

    train = [p for p in ("sft", "grpo") if p in parts]
    if train and dtype != torch.float32:
        print("sft, grpo: skipped (run them with --dtype fp32, as GpuLatency does)")
        train = []

    def train_steps(params, opt, loss_fn):
        """a.train_steps optimizer steps (loss, backward, clip 1.0, AdamW), each timed to the last kernel."""
        times, loss = [], None
        for step in range(a.train_steps):
            torch.cuda.synchronize(dev)
            t = time.perf_counter()
            loss = loss_fn()
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
            torch.cuda.synchronize(dev)
            times.append((time.perf_counter() - t) * 1e3)
            print(f"  step {step + 1}: {times[-1] / 1e3:.3f} s")
        return times, loss

    def optimizer(model):
        visual = model.model.visual if hasattr(model.model, "visual") else model.visual
        visual.requires_grad_(False)
        params = [p for p in model.parameters() if p.requires_grad]
        return params, torch.optim.AdamW(params, lr=1e-5, weight_decay=0.0)

    if "sft" in train:
        mem.reset()
        model = build().train()
        params, opt = optimizer(model)
        prompt = a.sft_prompt or (len(ids) + 170)
        head = fixture_prompt(grid448, max(1, prompt - 256 - 19))
        seq = head + [1000 + (i * 7) % 3000 for i in range(a.sft_seq - len(head))]
        x = torch.tensor([seq], device=dev)
        labels = x.clone()
        labels[:, : len(head)] = -100
        times, loss = train_steps(params, opt, lambda: model(input_ids=x, attention_mask=torch.ones_like(x), pixel_values=px448,
                                                            image_grid_thw=thw448, labels=labels).loss)
        record("sft step", times[-1], f"seq {len(seq)} (prompt {len(head)} incl. image), batch 1, AdamW; loss {loss.item():.3f}",
               prompt_tokens=len(head), total_tokens=len(seq))
        del model, opt, params

    if "grpo" in train:
        mem.reset()
        gsz, tokens, beta = a.grpo_g, a.grpo_tokens, a.grpo_beta
        model = build().train()
        model.gradient_checkpointing_enable()
        params, opt = optimizer(model)
        ref = build().eval().requires_grad_(False) if beta != 0 else None
        rep_ids = torch.tensor([fixture_prompt(grid448, max(1, a.grpo_prompt - 256 - 19))], device=dev).repeat(gsz, 1)
        rep_px = px448.repeat(gsz, 1)
        rep_grid = thw448.repeat(gsz, 1)

        def completion_logps(m, seqs):
            out = m(input_ids=seqs, attention_mask=torch.ones_like(seqs), pixel_values=rep_px, image_grid_thw=rep_grid,
                    logits_to_keep=tokens + 1, use_cache=False)
            logits = out.logits[:, :-1, :].float()
            return torch.log_softmax(logits, -1).gather(-1, seqs[:, -tokens:].unsqueeze(-1)).squeeze(-1)

        def grpo_loss():
            model.eval()  # in train mode with gradient checkpointing HF turns the KV cache off
            with torch.no_grad():
                seqs = model.generate(input_ids=rep_ids, attention_mask=torch.ones_like(rep_ids), pixel_values=rep_px,
                                      image_grid_thw=rep_grid, max_new_tokens=tokens, min_new_tokens=tokens, do_sample=True,
                                      temperature=1.0, top_k=50, top_p=1.0, eos_token_id=never, pad_token_id=151643,
                                      use_cache=True)
                ref_lp = completion_logps(ref, seqs) if ref is not None else None
            model.train()
            rewards = torch.randn(gsz, device=dev)
            adv = ((rewards - rewards.mean()) / (rewards.std() + 1e-4)).unsqueeze(1)
            lp = completion_logps(model, seqs)
            ratio = torch.exp(lp - lp.detach())
            per_token = -ratio * adv
            if ref_lp is not None:
                per_token = per_token + beta * (torch.exp(ref_lp - lp) - (ref_lp - lp) - 1)
            return per_token.mean(dim=1).mean()

        times, _ = train_steps(params, opt, grpo_loss)
        record("grpo step", times[-1], f"prompt {rep_ids.shape[1]}, G {gsz} x {tokens} new tokens, beta {beta}, gradient checkpointing; rollout + scoring + update",
               g=gsz, new_tokens=tokens, beta=beta)
        del model, ref, opt, params

    mem.close()
    if a.json:
        with open(a.json, "w") as f:
            json.dump({"settings": {k: v for k, v in vars(a).items() if k not in ("prompt_ids", "grids")},
                       "transformers": transformers.__version__, "torch": torch.__version__,
                       "device_name": torch.cuda.get_device_name(dev),
                       "memory_method": "torch.cuda.mem_get_info total-free sampled every 1 ms (context and cache included)",
                       "results": rows}, f, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
