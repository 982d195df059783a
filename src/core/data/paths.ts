// File names as the host passes them (POSIX or Windows separators): directory part and base name.
export function splitPath(name: string): { dir: string; base: string } {
  const cut = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1;
  return { dir: name.slice(0, cut), base: name.slice(cut) };
}

export const baseName = (name: string) => splitPath(name).base;
