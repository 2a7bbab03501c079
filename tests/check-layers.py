#!/usr/bin/python3
# check-layers.py: sofia-sip stays inside sessioncore/sip/.
#
# Every file of the library outside sip/ must reach SIP through sip/'s
# sofia-free headers; a <sofia-sip/...> include anywhere else fails this
# test, naming the file and line.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else '.') / 'sessioncore'
include = re.compile(r'^\s*#\s*include\s*[<"]sofia-sip/')
offenders = []
checked = 0

for path in sorted(root.rglob('*')):
    if path.suffix not in ('.c', '.h') or not path.is_file():
        continue
    checked += 1
    if path.parent == root / 'sip':
        continue
    for number, line in enumerate(path.read_text(encoding='utf-8').splitlines(), 1):
        if include.match(line):
            offenders.append('%s:%d: %s' % (path.relative_to(root.parent), number, line.strip()))

if checked == 0:
    print('no sources found under %s' % root)
    sys.exit(1)
for offender in offenders:
    print(offender)
print('%d files checked, %d sofia-sip includes outside sessioncore/sip/'
      % (checked, len(offenders)))
sys.exit(1 if offenders else 0)
