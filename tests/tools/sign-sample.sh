#!/usr/bin/env bash
# Issue, sign twice and package the report the main job drafted, then verify the result
# with tools vanban does not share code with: poppler's pdfsig, pyHanko's validator and
# qpdf. Used by .ci/run after the main job; runnable by hand after `cargo run --release -- run`.
#
# Usage: tests/tools/sign-sample.sh [WORKDIR]   (default: a new temporary directory)
# The keys are a throw-away test CA made here with openssl; nothing is a real certificate.
set -euo pipefail
cd "$(dirname "$0")/../.."

bin=target/release/vanban
draft=output/q1-2019/bao-cao-cchc-q1-2019.docx
work=${1:-$(mktemp -d)}
if [ -e "$work" ] && [ -n "$(ls -A "$work")" ]; then
  echo "$work is not empty: give a new directory (the register there would number the next document 02)"
  exit 1
fi
mkdir -p "$work"
[ -x "$bin" ] || { echo "no release binary: run cargo build --release first"; exit 1; }
[ -s "$draft" ] || { echo "no drafted report ($draft): run cargo run --release -- run first"; exit 1; }
fail() { echo "FAIL: $*"; exit 1; }

echo "-- test CA and PKCS#12 keys (openssl) in $work"
(
  cd "$work"
  openssl req -x509 -newkey rsa:2048 -nodes -keyout ca.key -out ca.pem -days 3650 -utf8 \
    -subj "/C=VN/O=vanban/CN=vanban Test CA" \
    -addext "basicConstraints=critical,CA:true" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  printf 'basicConstraints=CA:false\nkeyUsage=critical,digitalSignature,nonRepudiation\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n' >ext.cnf
  make_key() {
    openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -utf8 -subj "$2" 2>/dev/null
    openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca.key -CAcreateserial -out "$1.pem" -days 3650 -extfile ext.cnf 2>/dev/null
    openssl pkcs12 -export -inkey "$1.key" -in "$1.pem" -certfile ca.pem -out "$1.p12" -passout pass:1234
  }
  make_key leader "/C=VN/O=UBND thành phố Hải Phòng/CN=Nguyễn Văn Tùng"
  make_key org "/C=VN/CN=Ủy ban nhân dân thành phố Hải Phòng"
  make_key clerk "/C=VN/CN=Văn thư UBND thành phố Hải Phòng"
)

echo "-- vanban ban-hanh (number 01 from a new register, 06/03/2019)"
"$bin" ban-hanh "$draft" --ngay 06/03/2019 --nguoi-ky "Nguyễn Văn Tùng" \
  --so-di "$work/so-van-ban-di.csv" -o "$work/issued"
pdf=$work/issued/01-BC-UBND.pdf
[ -s "$pdf" ] || fail "the issued PDF is missing"
record=${pdf%.pdf}.json
grep -q '01/BC-UBND' "$work/so-van-ban-di.csv" || fail "the register has no 01/BC-UBND"

echo "-- vanban ky: the leader, then the organisation"
export VANBAN_MAT_KHAU=1234
"$bin" ky "$pdf" --vai lanh-dao --p12 "$work/leader.p12" --anh inputs/ky-so/chu-ky-mau.png \
  --thoi-gian 2019-03-06T10:15:00+07:00
"$bin" ky "$pdf" --vai co-quan --p12 "$work/org.p12" --anh inputs/ky-so/dau-mau.png \
  --thoi-gian 2019-03-06T10:20:00+07:00

echo "-- an attachment the văn thư signs (the drafted Tờ trình stands in for one)"
attachment=$work/kem-theo.pdf
cp output/q1-2019/to-trinh-cchc-q1-2019.pdf "$attachment"
"$bin" ky "$attachment" --vai kem-theo --p12 "$work/clerk.p12" --so-ky-hieu 01/BC-UBND \
  --thoi-gian 2019-03-06T10:25:00+07:00

echo "-- pdfsig"
pdfsig "$pdf" | tee "$work/pdfsig.txt"
[ "$(grep -c 'Signature Validation: Signature is Valid.' "$work/pdfsig.txt")" -eq 2 ] || fail "pdfsig: not two valid signatures"
# (Outputs are captured before grep -q: under pipefail, grep leaving early would fail
# the pipe with SIGPIPE.)
last=$(awk '/Signature #2:/{f=1} f' "$work/pdfsig.txt")
grep -q 'Total document signed' <<<"$last" || fail "pdfsig: the last signature does not cover the whole file"
attached=$(pdfsig "$attachment" 2>&1)
grep -q 'Signature Validation: Signature is Valid.' <<<"$attached" || fail "pdfsig: the attachment's signature"

echo "-- pyHanko"
python3 tests/tools/validate-signatures.py "$pdf" "$work/ca.pem" || fail "pyHanko"
python3 tests/tools/validate-signatures.py "$attachment" "$work/ca.pem" || fail "pyHanko (attachment)"

echo "-- qpdf --check and PDF/A-2b"
checked=$(qpdf --check "$pdf") || fail "qpdf --check: $checked"
echo "$checked" | tail -n 2
grep -q 'No syntax or stream encoding errors' <<<"$checked" || fail "qpdf --check"
grep -aq '<pdfaid:part>2</pdfaid:part>' "$pdf" && grep -aq '<pdfaid:conformance>B</pdfaid:conformance>' "$pdf" \
  || fail "PDF/A-2b no longer claimed"

echo "-- the signed page as an image"
page=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["signing_space"]["page"])' "$record")
pdftoppm -png -r 100 -f "$page" -l "$page" "$pdf" "$work/trang-ky"
ls "$work"/trang-ky*.png

echo "-- vanban edxml, read back"
"$bin" edxml "$pdf" --kem-theo "$attachment" --han-xu-ly 20/03/2019 --thoi-gian 2019-03-06T10:30:00+07:00
package=${pdf%.pdf}.edxml
[ -s "$package" ] || fail "no edXML package"
python3 - "$package" "$pdf" <<'EOF'
import base64, sys, xml.etree.ElementTree as ET
ns = {"e": "http://www.mic.gov.vn/TBT/QCVN_102_2016"}
root = ET.parse(sys.argv[1]).getroot()
assert root.findtext(".//e:Code/e:CodeNumber", namespaces=ns) == "01"
assert root.findtext(".//e:Code/e:CodeNotation", namespaces=ns) == "BC-UBND"
first = root.find(".//e:AttachmentEncoded/e:Attachment", ns)
assert first.findtext("e:Description", namespaces=ns) == "Văn bản điện tử đã ký số"
data = base64.b64decode(first.findtext("e:ContentTransferEncoded", namespaces=ns))
assert data == open(sys.argv[2], "rb").read(), "the packaged PDF is not the signed file"
print("edXML: 01/BC-UBND,", len(root.findall(".//e:AttachmentEncoded/e:Attachment", ns)), "files, the signed PDF byte for byte")
EOF
echo "signing: OK ($work)"
