"""Writing generated sources, or checking that the committed ones are current (--check)."""
import os


def write_or_check(tool, targets, check, source):
    """Write each {path: text} of `targets`; with `check`, write nothing and return 1 when a
    committed file differs from what `source` (e.g. 'the XSD') generates, else 0."""
    if check:
        stale = [p for p, text in targets.items()
                 if not os.path.exists(p) or open(p, encoding='utf-8').read() != text]
        for p in stale:
            print('%s: %s differs from what %s generates' % (tool, p, source))
        return 1 if stale else 0
    for p, text in targets.items():
        with open(p, 'w', encoding='utf-8') as f:
            f.write(text)
    return 0
