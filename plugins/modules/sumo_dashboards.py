#!/usr/bin/python
# -*- coding: utf-8 -*-
# Copyright (c) community.sumologic contributors
# GNU General Public License v3.0+ (see LICENSES/GPL-3.0-or-later.txt or https://www.gnu.org/licenses/gpl-3.0.txt)
# SPDX-License-Identifier: GPL-3.0-or-later

DOCUMENTATION = r"""
module: sumo_dashboards
short_description: Manage many Sumo Logic dashboards in one task
version_added: 0.2.0
description:
- Creates, updates and deletes dashboards in sets, following Ansible's resource-module convention (O(config) and
  O(state)).
- Every dashboard the access key may view is read with one listing (a request per 100 dashboards); the folders are
  found by path, one lookup each.
- 'O(state=gathered) returns no ids (not the dashboards'', not their panels''), nor what the API fills in, and C(~/...)
  folders in the key owner''s personal folder: what it returns applies with another organisation''s key too.'
- 'Reads the current objects with one listing, not one lookup per object, compares each listed object as the singular
  module would, and writes only the objects that differ: one write each (and one read before it where the API needs
  the object''s ETag), a few at a time.'
- 'Every item is validated, and its names resolved, before anything is written: bad input fails the task with a
  message naming the item (V(config[3].name: ...)) and changes nothing.'
- An object whose write fails does not stop the others; the task fails at the end, naming each object that failed
  in RV(failures).
author:
- community.sumologic maintainers (@ansible-collections)
extends_documentation_fragment:
- community.sumologic.sumologic
- community.sumologic.content
- community.sumologic.attributes
options:
  config:
    description:
    - The desired objects, each with the options of M(community.sumologic.sumo_dashboard) but O(state) (see its
      documentation for each).
    - Not used with O(state=gathered).
    type: list
    elements: dict
    suboptions:
      folder:
        description:
        - Library path of the folder the dashboard is in (C(~/Team)); it must exist (M(community.sumologic.sumo_folder)
          makes it).
        - Defaults to the key owner's personal folder.
        type: str
      title:
        description:
        - Title of the dashboard, unique in its folder without regard to case; 1 to 255 characters without C(/).
        type: str
        required: true
      description:
        description:
        - Description of the dashboard.
        type: str
      time_range:
        description:
        - The dashboard's default time range, as the API describes one (a dict with a C(type) such as C(BeginBoundedTimeRange)
          and its C(from)), or a relative time such as V(-1h), short for the range that begins that long ago.
        - A new dashboard without it gets V(-15m).
        type: raw
      panels:
        description:
        - The panels, as the API describes them (C(key), C(panelType) such as C(SumoSearchPanel) or C(TextPanel),
          C(title), C(queries)...); their ids are the API's, so leave them out.
        type: list
        elements: dict
      layout:
        description:
        - The layout, with C(layoutType) (V(Grid), the default) and C(layoutStructures), each with the C(key) of
          a panel and its C(structure), a JSON object in a string, or a dict (height, width, x, y) that the module
          turns into one.
        type: dict
      variables:
        description:
        - The dashboard's variables, as the API describes them (C(name), C(sourceDefinition)...).
        type: list
        elements: dict
      theme:
        description:
        - V(light) or V(dark), in any case.
        type: str
      refresh_interval:
        description:
        - Seconds between refreshes; V(0) for none.
        type: int
        choices:
        - 0
        - 30
        - 60
        - 120
        - 300
        - 900
        - 1800
        - 3600
        - 7200
        - 86400
  state:
    description:
    - V(merged) creates the listed objects that are missing and updates the others with the options given, as a
      loop of the singular module would; nothing else is touched.
    - 'V(replaced) makes the listed objects exactly as given: every list and map option (and its purge option) is
      the whole value, and one that is not given is emptied. Other options not given keep their values.'
    - V(overridden) is V(replaced), and deletes the objects in O(scope) that are not listed.
    - V(deleted) deletes the listed objects; with an empty O(config), every object in O(scope) (and O(scope) is
      then required).
    - 'V(gathered) returns the objects in O(scope) in RV(gathered), in the form of O(config): given back as O(config)
      with V(merged), they change nothing.'
    type: str
    choices:
    - merged
    - replaced
    - overridden
    - deleted
    - gathered
    default: merged
  scope:
    description:
    - The objects O(state=overridden) and O(state=deleted) may delete, O(state=gathered) returns, and RV(undeclared)
      lists. Without it, every object.
    type: dict
    suboptions:
      title:
        description:
        - Regular expression searched in the dashboard's title.
        type: str
      folder:
        description:
        - 'Regular expression searched in folder paths (C(~/...) in the key owner''s personal folder): the dashboards
          of every folder it matches are in scope.'
        - Without it, the scope is the dashboards of the folders the task names (O(folder), O(config[].folder));
          V(.) is every dashboard.
        type: str
  assume_present:
    description:
    - 'In check mode only: the objects an earlier check-mode task of the same audit would create, which this task''s
      objects name, by family (V(roles), V(users), V(collectors), V(connections)...) and name, for example C({roles:
      [Billing]}). They count as there: a user given the role C(Billing) is planned instead of failing on an unknown
      role, and a source of a collector to be created is planned as a create. The C(community.sumologic.org_apply)
      role gives it.'
    - Ignored outside check mode, where such objects exist by the time the task runs.
    type: dict
  folder:
    description:
    - Library path of the folder of every item that names none.
    type: str
notes:
- 'Generated from the documentation of M(community.sumologic.sumo_dashboard) by C(tests/utils/plural_docs.py): edit
  that module, or the generator, and run it again.'
seealso:
- module: community.sumologic.sumo_dashboard
"""

EXAMPLES = r"""
- name: The dashboards of the team folder, exactly these (others there are deleted)
  community.sumologic.sumo_dashboards:
    folder: ~/Team
    config:
      - title: API errors
        time_range: -1h
        panels:
          - key: notes
            panelType: TextPanel
            text: Page the API on-call before restarting anything.
    state: overridden
    scope:
      folder: ^~/Team$

- name: Every dashboard the key may view, as config
  community.sumologic.sumo_dashboards:
    state: gathered
    scope:
      folder: .
  register: dashboards
"""

RETURN = r"""
before:
  description:
  - The objects the task is about (those listed, and those deleted for not being listed) as they were, in the form
    of O(config).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
  - &id001
    folder: ~/Team
    title: API errors
    time_range:
      type: BeginBoundedTimeRange
      from:
        type: RelativeTimeRangeBoundary
        relativeTime: -1h
    refresh_interval: 300
    theme: dark
after:
  description:
  - The same objects after the task (as they would be, in check mode), in the form of O(config); deleted objects
    are left out.
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
  - *id001
changes:
  description:
  - One entry per object that changed (or would, in check mode).
  returned: unless O(state=gathered)
  type: list
  elements: dict
  sample:
  - name: ~/Team/API errors
    action: update
    fields:
      refresh_interval:
        before: 0
        after: 300
  contains:
    name:
      description: 'The object: its name (a source''s as C(collector/name), a user''s email).'
      type: str
      returned: always
    action:
      description: V(create), V(update), V(delete), or V(none) when only RV(changes[].actions) ran.
      type: str
      returned: always
    fields:
      description:
      - Option -> C(before) and C(after) for each option that differs, in the form of O(config) (every option of
        a create; none of a delete).
      type: dict
      returned: always
    actions:
      description: Actions beyond the object's options (a user's password reset...).
      type: list
      elements: str
      returned: when any ran
gathered:
  description:
  - The objects in O(scope), in the form of O(config).
  returned: when O(state=gathered)
  type: list
  elements: dict
  sample:
  - *id001
undeclared:
  description:
  - The objects in O(scope) that no item of O(config) describes (with O(state=overridden), those deleted).
  returned: when O(scope) is given, unless O(state=gathered)
  type: list
  elements: str
  sample:
  - ~/Team/Old dashboard
failures:
  description:
  - The objects that failed, with the error; the task fails when there is any.
  returned: when an object failed
  type: list
  elements: dict
  contains:
    name:
      description: The object, as in RV(changes[].name).
      type: str
      returned: always
    action:
      description: What was attempted.
      type: str
      returned: always
    msg:
      description: The error.
      type: str
      returned: always
"""

from ansible_collections.community.sumologic.plugins.module_utils.content import run_content_set_module
from ansible_collections.community.sumologic.plugins.module_utils.dashboards import Dashboard


def main():
    run_content_set_module(Dashboard)


if __name__ == "__main__":
    main()
