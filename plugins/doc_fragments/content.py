# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later


class ModuleDocFragment:
    """The options the content library's modules share: admin mode and the wait for asynchronous jobs."""

    DOCUMENTATION = r"""
options:
  admin_mode:
    description:
      - Act as a Content Administrator. Every request of the task carries the header
        C(isAdminMode) set to C(true), which reaches other users' personal folders and
        C(/Library/Admin Recommended). The access key's owner needs the capability to
        manage content of the organisation.
      - Without it, the task sees the key owner's personal folder and what is shared with
        the owner.
    type: bool
    default: false
  job_timeout:
    description:
      - Seconds to wait for each asynchronous job of the task (a content export, import or
        deletion, a lookup table upload) to end. A job still running after that fails the
        task, naming the job and the path; the job itself may still end later.
    type: int
    default: 300
notes:
  - Library paths start with C(/Library/Users/<email>/) (a user's personal folder),
    C(/Library/Admin Recommended/), or C(~/), the personal folder of the access key's owner,
    which is how the info modules return such paths, so that what they return applies with
    another organisation's key as well. In YAML, C(~/Team) needs no quotes (only a lone C(~)
    is null). Names are unique in a folder without regard to case, and paths are
    matched the same way.
"""
