import unittest

from helpers import toks_of
from ciogen.lexer import LexError, directive_name, include_target


def kinds_values(text):
    return [(t.kind, t.value) for t in toks_of(text)[:-1]]


class Lexer(unittest.TestCase):
    def test_basic_tokens(self):
        self.assertEqual(kinds_values("int x = a->b + 0x1fUL;"), [
            ("ident", "int"), ("ident", "x"), ("punct", "="),
            ("ident", "a"), ("punct", "->"), ("ident", "b"),
            ("punct", "+"), ("number", "0x1fUL"), ("punct", ";")])

    def test_longest_punctuators(self):
        vals = [v for _, v in kinds_values("a <<= b >>= c ... d ## e")]
        self.assertEqual(vals, ["a", "<<=", "b", ">>=", "c", "...", "d",
                                "##", "e"])

    def test_pp_numbers(self):
        vals = [v for _, v in kinds_values("1.5e+3 0x1p-2 .5f 10ULL")]
        self.assertEqual(vals, ["1.5e+3", "0x1p-2", ".5f", "10ULL"])

    def test_comments_are_trivia(self):
        self.assertEqual(kinds_values("a /* await x */ b // await\nc"),
                         [("ident", "a"), ("ident", "b"), ("ident", "c")])

    def test_strings_and_chars_are_single_tokens(self):
        # "await \" x" L"w" u8"s" '\'' U'x'
        text = '"await \\" x" L"w" u8"s" ' + "'\\'' U'x'"
        toks = kinds_values(text)
        self.assertEqual([k for k, _ in toks],
                         ["string", "string", "string", "char", "char"])

    def test_keyword_split_by_a_line_continuation(self):
        toks = toks_of("x = aw\\\nait f();")
        self.assertEqual(toks[2].value, "await")
        self.assertEqual((toks[2].line, toks[2].col), (1, 5))
        self.assertEqual(toks[2].text, "aw\\\nait")
        self.assertEqual(toks[3].line, 2)

    def test_directive_is_one_token_with_continuations(self):
        toks = toks_of("#define X \\\n  1 /* a\nb */ + 2\nint y;")
        self.assertEqual(toks[0].kind, "pp")
        self.assertIn("+ 2", toks[0].value)
        self.assertEqual(directive_name(toks[0]), "define")
        self.assertEqual(toks[1].value, "int")
        self.assertEqual(toks[1].line, 4)

    def test_hash_not_at_line_start_is_punctuation(self):
        toks = toks_of("a # b")
        self.assertEqual(toks[1].kind, "punct")

    def test_directive_with_quote_does_not_start_a_string(self):
        toks = toks_of("#error don't\nint x;")
        self.assertEqual(toks[0].kind, "pp")
        self.assertEqual(toks[1].value, "int")

    def test_include_targets(self):
        toks = toks_of('#include "a/b.h"\n#include <c.h>\n#include X\n')
        self.assertEqual(include_target(toks[0]), ("a/b.h", True))
        self.assertEqual(include_target(toks[1]), ("c.h", False))
        self.assertIsNone(include_target(toks[2]))

    def test_digraphs(self):
        vals = [v for _, v in kinds_values("a<:1:> <% %>")]
        self.assertEqual(vals, ["a", "[", "1", "]", "{", "}"])

    def test_errors_have_locations(self):
        for text, message, line, col in (
                ("int a;\n/* open", "unterminated comment", 2, 1),
                ('x = "abc\n";', 'missing terminating " character', 1, 5),
                ("c = 'a;", "missing terminating ' character", 1, 5),
                ("c = '';", "empty character constant", 1, 5),
                ("a @ b", "stray '@' in program", 1, 3)):
            with self.assertRaises(LexError) as cm:
                toks_of(text)
            self.assertEqual(cm.exception.message, message)
            line_, col_ = cm.exception.loc.src.line_col(
                cm.exception.loc.offset)
            self.assertEqual((line_, col_), (line, col), text)

    def test_lenient_mode_skips_what_it_cannot_read(self):
        toks = toks_of("int a; /* open", lenient=True)
        self.assertEqual([t.value for t in toks[:-1]], ["int", "a", ";"])

    def test_crlf_is_normalised(self):
        toks = toks_of("a\r\nb\rc")
        self.assertEqual([(t.value, t.line) for t in toks[:-1]],
                         [("a", 1), ("b", 2), ("c", 3)])


if __name__ == "__main__":
    unittest.main()
