"""``python -m web`` runs the whole ``kg`` command (kg's, search's and the server's commands).

``python -m kg`` runs only kg's own commands: the lowest package cannot name the ones above it.
"""

from .commands import main

main()
