"""Helpers shared by the integration tests of ciogen."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, os.pardir, os.pardir, os.pardir))
GEN = os.path.join(ROOT, "gen")
CIOGEN = os.path.join(GEN, "bin", "ciogen")
INCLUDE = os.path.join(ROOT, "include")


def ciogen(args, cwd, check=True):
    """Run the ciogen command line; returns the CompletedProcess."""
    p = subprocess.run([sys.executable, CIOGEN] + list(args), cwd=cwd,
                       capture_output=True, text=True)
    if check and p.returncode != 0:
        raise AssertionError("ciogen %s failed (%d):\n%s"
                             % (" ".join(args), p.returncode, p.stderr))
    return p


def run(cmd, cwd=None, check=True, env=None):
    p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env)
    if check and p.returncode != 0:
        raise AssertionError("%s failed (%d):\n%s\n%s"
                             % (" ".join(cmd), p.returncode, p.stdout,
                                p.stderr))
    return p


def write(path, text):
    d = os.path.dirname(path)
    if d:
        os.makedirs(d, exist_ok=True)
    with open(path, "w") as f:
        f.write(text)
