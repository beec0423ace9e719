"""The CJK font shipped inside the package, so the PDFs embed it on any machine.

WenQuanYi Micro Hei (`wqy-microhei.ttc`, TrueType outlines, subfont 0), Apache-2.0 or
GPL-3+ with the font exception; see `LICENSE-wqy-microhei.txt` beside it. Installed with the
package through `[tool.setuptools.package-data]` and read with `importlib.resources`, so it
is found in a wheel or a source checkout alike.
"""

FONT_FILE = "wqy-microhei.ttc"
LICENSE_FILE = "LICENSE-wqy-microhei.txt"
