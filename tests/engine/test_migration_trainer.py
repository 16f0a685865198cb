"""The migration network's fixed settings: the deterministic kernels' flag set and put back without importing
torch's compiler (1.2 s and 68 MB the first time, for a compiler the app never runs)."""

from __future__ import annotations

import subprocess
import sys

import torch

from engine.models.migration.trainer import deterministic


def test_deterministic_sets_the_flag_torch_reads_and_puts_it_back():
    threads = torch.get_num_threads()
    assert not torch.are_deterministic_algorithms_enabled()
    with deterministic(1, 7):
        assert torch.are_deterministic_algorithms_enabled()
        assert torch.get_num_threads() == 1
        first = torch.rand(3)
    with deterministic(1, 7):
        assert torch.equal(torch.rand(3), first)
    assert not torch.are_deterministic_algorithms_enabled()
    assert torch.get_num_threads() == threads


def test_deterministic_does_not_import_the_compiler():
    code = ("import sys; from engine.models.migration.trainer import deterministic\n"
            "with deterministic(1, 7): pass\n"
            "print(sorted(m for m in ('torch._inductor', 'torch._dynamo', 'sympy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
