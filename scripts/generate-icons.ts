// Renders app/icon.svg into the PNG and ICO files browsers and home screens ask for. Run it after
// changing the icon (`npx tsx scripts/generate-icons.ts`) and commit what it writes.
import { readFile, writeFile } from "node:fs/promises";
import sharp from "sharp";

const svg = await readFile("app/icon.svg");
const png = (size: number) =>
  sharp(svg, { density: 72 * (size / 64) })
    .resize(size, size)
    .png()
    .toBuffer();

/** An ICO file holding PNG images (every browser since IE 11 reads PNG entries). */
function ico(images: { size: number; data: Buffer }[]): Buffer {
  const header = Buffer.alloc(6);
  header.writeUInt16LE(1, 2); // type: icon
  header.writeUInt16LE(images.length, 4);
  let offset = 6 + 16 * images.length;
  const entries = images.map(({ size, data }) => {
    const entry = Buffer.alloc(16);
    entry.writeUInt8(size % 256, 0); // 0 means 256
    entry.writeUInt8(size % 256, 1);
    entry.writeUInt16LE(1, 4); // colour planes
    entry.writeUInt16LE(32, 6); // bits per pixel
    entry.writeUInt32LE(data.length, 8);
    entry.writeUInt32LE(offset, 12);
    offset += data.length;
    return entry;
  });
  return Buffer.concat([header, ...entries, ...images.map((image) => image.data)]);
}

await writeFile("app/apple-icon.png", await png(180));
await writeFile("public/icon-192.png", await png(192));
await writeFile("public/icon-512.png", await png(512));
await writeFile(
  "public/favicon.ico",
  ico([
    { size: 16, data: await png(16) },
    { size: 32, data: await png(32) },
    { size: 48, data: await png(48) },
  ]),
);
console.log("Wrote app/apple-icon.png, public/icon-192.png, public/icon-512.png, public/favicon.ico");
