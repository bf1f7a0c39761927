#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Writes samples/havnekoebing-tmu-2024-05-08-referat.pdf: fictional minutes of three pages,
# a PDF written from scratch (Helvetica, WinAnsiEncoding; standard library only), for
# the PDF reader's tests: a running header and "Side N af 3" footer on every page, a
# numbered item per page, an item continued on the next page, a case number, and a
# word hyphenated across a line and one across a page break.
# Usage: tests/data/make_sample_pdf.py samples/havnekoebing-tmu-2024-05-08-referat.pdf
import sys

PAGES = [
    ["Havnekøbing Kommune",
     "",
     "Referat",
     "Teknik- og Miljøudvalget",
     "Mødedato: 8. maj 2024 kl. 16:00",
     "Mødested: Rådhuset, mødelokale 2",
     "",
     "1. Godkendelse af dagsorden",
     "Sagsnr.: 24/01011",
     "Beslutning",
     "Dagsordenen blev godkendt.",
     "",
     "2. Havnebad ved Nordmolen",
     "Sagsnr.: 24/01877",
     "Sagsfremstilling",
     "Forvaltningen har undersøgt vandkvaliteten ved Nordmolen gennem",
     "hele sommeren. Målingerne viser, at badevandet lever op til kravene, og at et",
     "havnebad kan etableres med en mindre om-",
     "bygning af kajen. Udgiften til anlæg og drift af havnebadet skal afholdes inden for",
     "udvalgets ramme, og forvaltningen foreslår en ordning med frivillige livred-"],
    ["Havnekøbing Kommune",
     "",
     "dere i weekenderne fra juni til august.",
     "Indstilling",
     "Forvaltningen indstiller, at havnebadet etableres i 2025.",
     "Beslutning",
     "Udvalget godkendte indstillingen. Borgerne orienteres om badesæsonen."],
    ["Havnekøbing Kommune",
     "",
     "3. Vintertjeneste på havnearealerne",
     "Sagsnr.: 24/00452",
     "Sagsfremstilling",
     "Saltning og snerydning på havnearealerne overgår til vejafdelingen fra 1. november.",
     "Beslutning",
     "Taget til efterretning."],
]


def escape(s):
    return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def content(lines, page, pages):
    out = ["BT", "/F1 11 Tf", "14 TL", "56 790 Td"]
    for line in lines:
        out.append("(" + escape(line) + ") Tj T*")
    out.append("ET")
    out += ["BT", "/F1 9 Tf", f"270 40 Td (Side {page} af {pages}) Tj", "ET"]
    return "\n".join(out).encode("cp1252")


def main():
    objects = []  # bytes of objects 1..n

    def add(body):
        objects.append(body)
        return len(objects)

    font = add(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    pages_id = len(objects) + 1 + 2 * len(PAGES)  # placeholder: pages object comes last
    page_ids = []
    for k, lines in enumerate(PAGES):
        data = content(lines, k + 1, len(PAGES))
        stream = add(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
        page_ids.append(add(b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 595 842] "
                            b"/Resources << /Font << /F1 %d 0 R >> >> /Contents %d 0 R >>"
                            % (pages_id, font, stream)))
    kids = b" ".join(b"%d 0 R" % p for p in page_ids)
    assert add(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(page_ids)) == pages_id
    catalog = add(b"<< /Type /Catalog /Pages %d 0 R >>" % pages_id)
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    with open(sys.argv[1], "wb") as f:
        f.write(out)


if __name__ == "__main__":
    main()
