# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

"""Offline stand-in for get-pip.py, which ansible-test sanity downloads to bootstrap pip in its venvs.

``make test`` copies it to ``~/.ansible/test/cache/get_pip_<version>.py``; ansible-test runs
it inside each new venv with arguments such as ``pip==24.2 --no-setuptools --no-wheel``.
pip comes from ensurepip (in a child process, so pip.conf's package indexes apply), then
is brought to the version asked for from those indexes.
"""

import subprocess
import sys


def main(argv):
    wanted = [arg for arg in argv if arg.startswith("pip==")]
    subprocess.check_call([sys.executable, "-m", "ensurepip", "--upgrade"])
    if wanted:
        subprocess.check_call([sys.executable, "-m", "pip", "install", "--disable-pip-version-check", "-q",
                               "--upgrade", wanted[0]])
    if "--no-setuptools" in argv:
        subprocess.call([sys.executable, "-m", "pip", "uninstall", "-y", "-q", "setuptools"])
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
