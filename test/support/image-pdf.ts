import { readImageSize } from "../../src/extraction/image-header.js";

/**
 * Build an image-only PDF (a "scan"): one page per JPEG, each page exactly the
 * image at 72 dpi, no text layer. Tests use it to make multi-page scanned PDFs
 * from real scanned receipts without shipping generated files.
 */
export function buildImagePdf(jpegs: readonly Buffer[]): Buffer {
  const objects: Buffer[] = [];
  const add = (body: Buffer | string) => {
    objects.push(typeof body === "string" ? Buffer.from(body, "latin1") : body);
    return objects.length; // object number
  };
  const pagesRef = 2;
  add("<< /Type /Catalog /Pages 2 0 R >>");
  add(""); // placeholder for the page tree, filled in below
  const kids: number[] = [];
  for (const jpeg of jpegs) {
    const size = readImageSize(jpeg);
    if (!size) throw new Error("not an image");
    const image = add(
      Buffer.concat([
        Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${size.width} /Height ${size.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`, "latin1"),
        jpeg,
        Buffer.from("\nendstream", "latin1"),
      ]),
    );
    const draw = `q ${size.width} 0 0 ${size.height} 0 0 cm /Im0 Do Q`;
    const content = add(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
    kids.push(
      add(`<< /Type /Page /Parent ${pagesRef} 0 R /MediaBox [0 0 ${size.width} ${size.height}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${content} 0 R >>`),
    );
  }
  objects[pagesRef - 1] = Buffer.from(`<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(" ")}] /Count ${kids.length} >>`, "latin1");

  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", "latin1")];
  const offsets: number[] = [];
  let length = parts[0]!.length;
  objects.forEach((body, i) => {
    offsets.push(length);
    const obj = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`, "latin1"), body, Buffer.from("\nendobj\n", "latin1")]);
    parts.push(obj);
    length += obj.length;
  });
  const xref = [`xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`, ...offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`)].join("");
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${length}\n%%EOF\n`, "latin1"));
  return Buffer.concat(parts);
}
