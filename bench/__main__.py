"""``python -m bench``: run the benchmarks (see :mod:`bench.run`)."""
import sys

from bench.run import main

sys.exit(main())
