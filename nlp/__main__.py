"""``python -m nlp`` runs the ``cnreport`` command (through ``cnreport_cli``, which first checks that this ``nlp``
is cnreport's: another distribution's files may have replaced ``nlp/__init__.py``)."""
import sys

try:
    from cnreport_cli import main
except ImportError:  # the nlp folder used without its launcher module
    from .cli import main

sys.exit(main())
