#!/bin/sh
# Print the newest Python 3.12+ on this machine (Django 6 needs it), else python3 (3.11 works with
# Django 5.2 LTS). pyenv shims for versions that are not active fail when run, so each candidate is
# tried, and pyenv's own version folders are looked at too.
for candidate in python3.14 python3.13 python3.12 \
    "$HOME"/.pyenv/versions/3.14*/bin/python3 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
    "$HOME"/.pyenv/versions/3.12*/bin/python3; do
  if "$candidate" -c 'import sys, venv; sys.exit(sys.version_info < (3, 12))' >/dev/null 2>&1; then
    echo "$candidate"
    exit 0
  fi
done
echo python3
