"""`python3 -m ciogen ...`"""
import sys

from ciogen.cli import main

sys.exit(main())
