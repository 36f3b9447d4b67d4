"""Write kg/data/reference/yrd-coordinates.csv from the adcode table of the PyPI package cpca, once; yrd-kg never reads cpca.

Run it by hand in an environment that has cpca (``pip install cpca==0.5.5``):

    python docs/scripts/cpca_coordinates.py

For each division of yrd-divisions.csv and yrd-demo-zone-counties.csv it takes
the row of cpca/resources/adcodes.csv whose 12-digit adcode is the division's
six-digit GB/T 2260 code followed by six zeros, checks that cpca's name is the
table's Chinese name (or 市辖区, GB/T 2260's name for the city level of a
municipality such as Shanghai's 310100, which our table names after the city),
and writes code, name, longitude and latitude as cpca gives them (decimal
degrees; cpca states neither the point nor the datum).
It prints the provenance to record in kg/data/reference/README.md: cpca's version, the file and
its sha256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import sys
from importlib import metadata, resources
from pathlib import Path

HERE = Path(__file__).resolve().parents[2] / "kg" / "data" / "reference"
TABLES = ("yrd-divisions.csv", "yrd-demo-zone-counties.csv")
OUT = HERE / "yrd-coordinates.csv"
COLUMNS = ["code", "name_zh", "longitude", "latitude"]
MUNICIPAL_DISTRICTS = "市辖区"


def main() -> int:
    adcodes = resources.files("cpca").joinpath("resources", "adcodes.csv").read_bytes()
    by_code = {row["adcode"]: row for row in csv.DictReader(io.StringIO(adcodes.decode("utf-8")))}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for table in TABLES:
        with open(HERE / table, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                found = by_code.get(row["code"] + "000000")
                if found is None:
                    sys.exit(f"{table}: {row['code']} {row['name_zh']} is not in cpca's table")
                if found["name"] != row["name_zh"] and found["name"] != MUNICIPAL_DISTRICTS:
                    sys.exit(f"{table}: {row['code']} is {found['name']} in cpca, {row['name_zh']} here")
                writer.writerow([row["code"], row["name_zh"], found["longitude"], found["latitude"]])
    OUT.write_text(out.getvalue(), encoding="utf-8")
    print(f"Wrote {OUT.name}: sha256 {hashlib.sha256(OUT.read_bytes()).hexdigest()}")
    print(f"from cpca {metadata.version('cpca')}, cpca/resources/adcodes.csv, "
          f"sha256 {hashlib.sha256(adcodes).hexdigest()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
