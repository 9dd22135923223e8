"""The grouped work of `surveykpi analyze`, on the generic XML twin with lxml iterparse: per
wave × group, for every item, n, mean, SD and favourable share over the valid codes (1..5)."""
import math
import sys
from collections import defaultdict

from lxml import etree

path = sys.argv[1]
# (wave, group) -> item -> [n, sum, sum of squares, favourable]
cells = defaultdict(lambda: defaultdict(lambda: [0, 0, 0, 0]))
for _, response in etree.iterparse(path, events=("end",), tag="response"):
    cell = cells[(response.get("wave"), response.get("group"))]
    for answer in response.iterfind("answer"):
        text = answer.text
        if text and text.isdigit():
            x = int(text)
            if 1 <= x <= 5:
                s = cell[answer.get("item")]
                s[0] += 1
                s[1] += x
                s[2] += x * x
                s[3] += x >= 4
    response.clear()
    while response.getprevious() is not None:
        del response.getparent()[0]
first = cells[min(cells)]["Q1"]
n, total, squares, favourable = first
mean = total / n
sd = math.sqrt((squares - n * mean * mean) / (n - 1))
print(f"lxml: {len(cells)} cells, Q1 mean of first cell {mean:.6f} (sd {sd:.4f}, favourable {favourable / n:.4f})")
