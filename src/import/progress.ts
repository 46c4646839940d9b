// A one-line progress bar on a terminal; nothing at all when output is piped or inputs are few.

export interface Progress {
  tick(label: string): void;
  done(): void;
}

const NONE: Progress = { tick: () => undefined, done: () => undefined };

export function progressBar(stream: NodeJS.WriteStream | { isTTY?: boolean; columns?: number; write(s: string): boolean }, total: number, minInputs = 5): Progress {
  if (stream.isTTY !== true || total < minInputs) return NONE;
  let done = 0;
  const width = 24;
  const draw = (label: string): void => {
    const filled = Math.round((done / total) * width);
    const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label}`;
    const cols = (stream.columns ?? 80) - 1;
    stream.write(`\r\x1b[2K${line.length > cols ? `${line.slice(0, cols - 1)}…` : line}`);
  };
  draw('');
  return {
    tick(label) {
      done++;
      draw(label);
    },
    done() {
      stream.write('\r\x1b[2K');
    },
  };
}
