import { Button, Caption1, Card, makeStyles, Text, Tooltip, tokens } from '@fluentui/react-components';
import { Info16Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { AccountDetail, ApplyResponse, PlannedChange } from '../../../../../contract/index.ts';
import { MESSAGES } from '../../../../../contract/messages.ts';
import type { ApiError } from '../../../api/client.ts';
import { CheckMark, markOf } from '../../../components/CheckMark.tsx';
import { RoleGate } from '../../../components/RoleGate.tsx';
import { toApiError, useApi } from '../../../lib/useApi.ts';
import { getBaseline } from '../../../api/baseline.ts';
import { useSession } from '../../session/session.ts';
import { planChanges, saveSettings } from '../api/account.ts';
import { ApplyResultBar } from './ApplyResultBar.tsx';
import { PlanDialog } from './PlanDialog.tsx';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS, maxWidth: '900px' },
  heading: { display: 'flex', alignItems: 'center', gap: tokens.spacingHorizontalS },
  tip: { display: 'grid', gap: tokens.spacingVerticalXS, maxWidth: '360px' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
});

/**
 * Room Finder: the room lists holding this room, and, when it is in none, adding it to its building's list
 * (named by the baseline's template; created when missing) after a preview of the exact call.
 */
export function RoomListCard({ detail, onUpdated }: { detail: AccountDetail; onUpdated(detail: AccountDetail): void }) {
  const styles = useStyles();
  const session = useSession();
  const baseline = useApi(getBaseline, []);
  const [plan, setPlan] = useState<PlannedChange[]>();
  const [planOpen, setPlanOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [result, setResult] = useState<ApplyResponse>();
  const check = detail.checks.find((item) => item.id === 'inRoomList');
  const building = detail.building;
  const template = baseline.data?.values.roomListName;
  const target = building && template ? template.replaceAll('{building}', building) : undefined;

  const preview = async () => {
    if (!target) return;
    setPlan(undefined);
    setError(undefined);
    setPlanOpen(true);
    try {
      setPlan((await planChanges(detail.id, { settings: { roomList: target } })).changes);
    } catch (failure) {
      setError(toApiError(failure));
    }
  };
  const save = async () => {
    if (!target) return;
    setBusy(true);
    setError(undefined);
    try {
      const response = await saveSettings(detail.id, { roomList: target });
      setResult(response);
      setPlanOpen(false);
      onUpdated(response.account);
    } catch (failure) {
      setError(toApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card className={styles.card} data-testid="room-lists">
      <div className={styles.heading}>
        {check && <CheckMark mark={markOf(check)} />}
        <Text as="h2" weight="semibold" size={400}>
          Room lists
        </Text>
        {check && (
          <Tooltip
            relationship="description"
            withArrow
            content={
              <div className={styles.tip}>
                <span>{check.description}</span>
                <span className={styles.code}>{check.powershell}</span>
              </div>
            }
          >
            <Button appearance="transparent" size="small" icon={<Info16Regular />} aria-label="About room lists" />
          </Tooltip>
        )}
      </div>
      {result && <ApplyResultBar response={result} failureTitle={MESSAGES.save} />}
      <Text data-testid="room-list-membership">
        {detail.roomLists === null
          ? (check?.note ?? 'Not known yet.')
          : detail.roomLists.length > 0
            ? detail.roomLists.join(', ')
            : 'In no room list: Outlook Room Finder does not offer this room.'}
      </Text>
      {detail.roomLists?.length === 0 && (
        <div>
          {target ? (
            <RoleGate allowed={session.canWrite('roomList')} role={session.hint('roomList').role} also={session.hint('roomList').also}>
              <Button appearance="primary" onClick={() => void preview()} data-testid="add-to-room-list">
                Add to {target}
              </Button>
            </RoleGate>
          ) : (
            <Caption1>{building ? 'Loading the baseline…' : 'Set the building first: the room goes into its building’s list.'}</Caption1>
          )}
        </div>
      )}
      <PlanDialog
        open={planOpen}
        title="Add this room to a room list?"
        changes={plan}
        error={error}
        errorTitle={MESSAGES.save}
        busy={busy}
        onConfirm={() => void save()}
        onClose={() => setPlanOpen(false)}
      />
    </Card>
  );
}
