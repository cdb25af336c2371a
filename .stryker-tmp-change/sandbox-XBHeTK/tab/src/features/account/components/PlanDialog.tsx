// @ts-nocheck
import {
  Button,
  Dialog,
  DialogActions,
  DialogBody,
  DialogContent,
  DialogSurface,
  DialogTitle,
  makeStyles,
  Spinner,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  Text,
  tokens,
} from '@fluentui/react-components';
import type { PlannedChange } from '../../../../../contract/index.ts';
import type { ApiError } from '../../../api/client.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { formatValue } from '../../../lib/format.ts';

const useStyles = makeStyles({
  unshown: { color: tokens.colorPaletteMarigoldForeground1 },
  content: { display: 'grid', gap: tokens.spacingVerticalM },
});

interface Props {
  open: boolean;
  title: string;
  /** undefined while the plan is being computed. */
  changes: PlannedChange[] | undefined;
  error: ApiError | undefined;
  errorTitle: string;
  busy: boolean;
  onConfirm(): void;
  onClose(): void;
}

/** The diff preview shown before anything is written: each setting's current and new value, and who may change it. */
export function PlanDialog({ open, title, changes, error, errorTitle, busy, onConfirm, onClose }: Props) {
  const styles = useStyles();
  const count = changes?.length ?? 0;
  return (
    <Dialog open={open} onOpenChange={(_e, data) => !data.open && onClose()}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>{title}</DialogTitle>
          <DialogContent className={styles.content} data-testid="plan-dialog">
            {error && <ErrorBar title={errorTitle} error={error} />}
            {!changes && !error && <Spinner size="tiny" label="Working out the changes…" />}
            {changes && changes.length === 0 && <Text>Nothing to change: the account already has these values.</Text>}
            {changes && changes.length > 0 && (
              <Table size="small" aria-label="Planned changes">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Setting</TableHeaderCell>
                    <TableHeaderCell>Now</TableHeaderCell>
                    <TableHeaderCell>After saving</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {changes.map((change) => (
                    <TableRow key={change.setting} data-testid="planned-change" className={change.allowed ? undefined : styles.unshown}>
                      <TableCell>
                        {change.label}
                        {!change.allowed && ` (your sign-in shows no ${change.requiredRole} role; Microsoft 365 decides when you save)`}
                      </TableCell>
                      <TableCell>{formatValue(change.from)}</TableCell>
                      <TableCell>{formatValue(change.to)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            )}
          </DialogContent>
          <DialogActions>
            <Button appearance="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button appearance="primary" disabled={busy || count === 0} onClick={onConfirm}>
              {busy ? 'Saving…' : 'Confirm'}
            </Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}
