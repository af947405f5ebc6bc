"""``python -m nlp`` runs the ``cnreport`` command."""
import sys

from .cli import main

sys.exit(main())
