"""``python -m lkjip_nb`` runs the ``lkjip`` command."""

import sys

from lkjip_nb.cli import main

sys.exit(main())
