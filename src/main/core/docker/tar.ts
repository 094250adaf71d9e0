/** A minimal POSIX ustar archive, enough to hand config files to `PUT /containers/{id}/archive`. */
export function tarFiles(
  files: readonly { path: string; content: string; mode: number }[],
  mtime: Date,
): Buffer {
  const blocks: Buffer[] = [];
  for (const file of files) {
    const name = file.path.replace(/^\/+/, '');
    const body = Buffer.from(file.content, 'utf8');
    const header = Buffer.alloc(512);
    const [prefix, base] =
      name.length > 100
        ? [name.slice(0, name.lastIndexOf('/', 155)), name.slice(name.lastIndexOf('/', 155) + 1)]
        : ['', name];
    if (Buffer.byteLength(base) > 100 || Buffer.byteLength(prefix) > 155)
      throw new Error(`path too long for tar: ${file.path}`);
    header.write(base, 0, 100, 'utf8');
    header.write(file.mode.toString(8).padStart(7, '0') + '\0', 100, 8, 'ascii');
    header.write('0000000\0', 108, 8, 'ascii');
    header.write('0000000\0', 116, 8, 'ascii');
    header.write(body.length.toString(8).padStart(11, '0') + '\0', 124, 12, 'ascii');
    header.write(
      Math.floor(mtime.getTime() / 1000)
        .toString(8)
        .padStart(11, '0') + '\0',
      136,
      12,
      'ascii',
    );
    header.write('        ', 148, 8, 'ascii');
    header.write('0', 156, 1, 'ascii');
    header.write('ustar\0', 257, 6, 'ascii');
    header.write('00', 263, 2, 'ascii');
    header.write(prefix, 345, 155, 'utf8');
    let checksum = 0;
    for (const byte of header) checksum += byte;
    header.write(checksum.toString(8).padStart(6, '0') + '\0 ', 148, 8, 'ascii');
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}
