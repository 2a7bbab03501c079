#!/usr/bin/python3
# check-doc-snippets.py DOC_DIR: every C, Python and JavaScript block of
# the guides listed below must start with a comment naming a file of
# doc/snippets/ (`/* doc/snippets/b2bua.c */`, `# doc/snippets/b2bua.py`,
# `// doc/snippets/js/signals.js`), and the rest of the block must appear
# verbatim in that file, which the docs suite compiles and runs. So the code
# a reader copies is code that was checked.
#
# SPDX-License-Identifier: LGPL-2.1-or-later

import os
import re
import sys

GUIDES = ['cookbook.md', 'javascript.md']
LANGUAGES = {'c', 'python', 'js', 'javascript'}
MARKER = re.compile(r'^\s*(?:/\*|#|//)\s*(doc/snippets/\S+?)\s*(?:\*/)?\s*$')
FENCE = re.compile(r'^```(\w*)\s*$')


def blocks(path):
    """Yields (line number, language, lines) for each fenced block."""
    with open(path, encoding='utf-8') as f:
        lines = f.read().split('\n')
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if m:
            start, language, body = i + 1, m.group(1), []
            i += 1
            while i < len(lines) and not lines[i].startswith('```'):
                body.append(lines[i])
                i += 1
            yield start, language, body
        i += 1


def main():
    doc_dir = sys.argv[1]
    root = os.path.dirname(os.path.abspath(doc_dir.rstrip('/')))
    failures = checked = 0
    for guide in GUIDES:
        path = os.path.join(doc_dir, guide)
        for line, language, body in blocks(path):
            if language not in LANGUAGES:
                continue
            where = '%s:%d' % (guide, line)
            m = MARKER.match(body[0]) if body else None
            if m is None:
                print('%s: a %s block without a "doc/snippets/…" marker line' % (where, language))
                failures += 1
                continue
            source = os.path.join(root, m.group(1))
            try:
                with open(source, encoding='utf-8') as f:
                    text = f.read()
            except OSError as e:
                print('%s: %s' % (where, e))
                failures += 1
                continue
            snippet = '\n'.join(body[1:]).strip('\n')
            if snippet not in text:
                print('%s: not found verbatim in %s' % (where, m.group(1)))
                failures += 1
                continue
            checked += 1
    print('%d blocks checked, %d failures' % (checked, failures))
    sys.exit(1 if failures else 0)


if __name__ == '__main__':
    main()
