"""C source text for the lint tests: comments (and literals) blanked,
line numbers kept."""


def strip(text, keep_strings=False):
    """Blank comments (and, unless keep_strings, string/char literals)."""
    out, i, n = list(text), 0, len(text)

    def blank(a, b):
        for k in range(a, b):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        if text.startswith("/*", i):
            j = text.index("*/", i + 2) + 2
            blank(i, j)
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif text[i] in "\"'":
            q, j = text[i], i + 1
            while text[j] != q:
                j += 2 if text[j] == "\\" else 1
            if not keep_strings:
                blank(i + 1, j)
            i = j + 1
        else:
            i += 1
    return "".join(out)
