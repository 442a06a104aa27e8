#!/usr/bin/env python3
"""Validates every signature of a PDF with pyHanko against a trust root.

Usage: validate-signatures.py FILE.pdf CA.pem

Prints one line per signature and exits 0 only when each is intact, valid and
trusted, the changes after an earlier signature are at most form filling (a new
signature field: pyHanko's "no unsafe changes"), and the last covers the whole file.
The test CA has no CRL or OCSP responder: revocation is not checked.
"""
import sys

from pyhanko.keys import load_cert_from_pemder
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko_certvalidator import ValidationContext


def main() -> int:
    pdf, ca = sys.argv[1], sys.argv[2]
    root = load_cert_from_pemder(ca)
    ok = True
    with open(pdf, "rb") as f:
        reader = PdfFileReader(f, strict=True)
        sigs = reader.embedded_signatures
        if not sigs:
            print("no signature")
            return 1
        for i, sig in enumerate(sigs):
            ctx = ValidationContext(trust_roots=[root], allow_fetching=False,
                                    revocation_mode="soft-fail")
            st = validate_pdf_signature(sig, ctx)
            last = i == len(sigs) - 1
            level = st.modification_level
            coverage = st.coverage.name if st.coverage else None
            good = (st.intact and st.valid and st.trusted
                    and level is not None and level <= ModificationLevel.FORM_FILLING
                    and st.docmdp_ok is not False
                    and (coverage == "ENTIRE_FILE" if last else coverage in ("ENTIRE_REVISION", "ENTIRE_FILE")))
            ok = ok and good
            print(f"signature {i + 1} ({sig.field_name}): intact={st.intact} valid={st.valid} "
                  f"trusted={st.trusted} coverage={coverage} modifications={level.name if level else None} "
                  f"signer={st.signing_cert.subject.human_friendly} -> {'OK' if good else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
