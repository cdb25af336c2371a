import type { ChildProcess } from 'node:child_process';

/**
 * The next IPC reply of `kind` from a bench child (the API or the emulator process). A `failed` reply, or the
 * child exiting first, rejects with `what` and, for an exit, `hint` (where its log is).
 */
export function childReplies<Reply extends { kind: string }>(child: ChildProcess, what: string, hint = '') {
  return <K extends Reply['kind']>(kind: K): Promise<Extract<Reply, { kind: K }>> =>
    new Promise((resolve, reject) => {
      const onMessage = (reply: Reply) => {
        if (reply.kind === 'failed') finish(() => reject(new Error(`${what} failed: ${(reply as { message?: string }).message ?? ''}`)));
        else if (reply.kind === kind) finish(() => resolve(reply as Extract<Reply, { kind: K }>));
      };
      const onExit = (code: number | null) => finish(() => reject(new Error(`${what} exited (${code})${hint}`)));
      const finish = (settle: () => void) => {
        child.off('message', onMessage);
        child.off('exit', onExit);
        settle();
      };
      child.on('message', onMessage);
      child.on('exit', onExit);
    });
}
