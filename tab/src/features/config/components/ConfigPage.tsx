import {
  Body1,
  Card,
  Dropdown,
  Field,
  makeStyles,
  MessageBar,
  MessageBarBody,
  Option,
  Radio,
  RadioGroup,
  Title2,
  tokens,
} from '@fluentui/react-components';
import { useEffect, useRef, useState } from 'react';
import { MESSAGES } from '../../../../../contract/messages.ts';
import { ErrorBar } from '../../../components/ErrorBar.tsx';
import { formatHash } from '../../../lib/hashRoute.ts';
import { useApi } from '../../../lib/useApi.ts';
import { saveConfigOnRequest, setConfigValid, type TabInstanceConfig } from '../../../teams/configPage.ts';
import { useSession } from '../../session/session.ts';
import { getBuildings } from '../api/buildings.ts';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalXL, display: 'grid', gap: tokens.spacingVerticalM, maxWidth: '640px' },
});

type View = 'all' | 'needsAction' | 'noActionNeeded' | 'notAvailable' | 'building';

const VIEWS: { value: View; label: string; suffix: string }[] = [
  { value: 'all', label: 'All accounts', suffix: '' },
  { value: 'needsAction', label: 'Needs Action', suffix: ': Needs Action' },
  { value: 'noActionNeeded', label: 'No Action Needed', suffix: ': No Action Needed' },
  { value: 'notAvailable', label: 'N/A', suffix: ': N/A' },
  { value: 'building', label: 'One building', suffix: '' },
];

/** The tab's start view as a contentUrl: the same hash route the list keeps its filter in. */
export function startViewConfig(view: View, building: string | undefined): TabInstanceConfig {
  const query = view === 'building' ? { building } : view === 'all' ? {} : { status: view };
  const url = `${window.location.origin}/index.html${formatHash('/accounts', query)}`;
  const suffix = view === 'building' ? `: ${building ?? ''}` : (VIEWS.find((item) => item.value === view)?.suffix ?? '');
  return { entityId: 'accounts', contentUrl: url, websiteUrl: url, suggestedDisplayName: `Room Accounts${suffix}` };
}

/** The channel tab's configuration page: choose the start view; Teams' Save stores it with pages.config. */
export function ConfigPage() {
  const styles = useStyles();
  const { teams } = useSession();
  const buildings = useApi(getBuildings, []);
  const [view, setView] = useState<View>('all');
  const [building, setBuilding] = useState<string>();
  const valid = view !== 'building' || Boolean(building);
  const current = useRef(startViewConfig(view, building));
  current.current = startViewConfig(view, building);

  useEffect(() => {
    if (teams) saveConfigOnRequest(teams.sdk, () => current.current);
  }, [teams]);

  useEffect(() => {
    if (teams) setConfigValid(teams.sdk, valid);
  }, [teams, valid]);

  return (
    <Card className={styles.card} data-testid="config-page">
      <Title2 as="h1">Room Accounts tab</Title2>
      {!teams && (
        <MessageBar intent="info">
          <MessageBarBody>
            This page sets up the Room Accounts tab in a Teams channel. Open it from Teams when you add the tab.
          </MessageBarBody>
        </MessageBar>
      )}
      <Body1>Choose what the tab shows first. Everyone in the channel can still change the filter.</Body1>
      <RadioGroup value={view} onChange={(_e, data) => setView(data.value as View)} aria-label="Start view">
        {VIEWS.map((item) => (
          <Radio key={item.value} value={item.value} label={item.label} />
        ))}
      </RadioGroup>
      {view === 'building' && (
        <Field label="Building" required validationMessage={building ? undefined : 'Choose a building'}>
          <Dropdown
            placeholder="Choose a building"
            value={building ?? ''}
            selectedOptions={building ? [building] : []}
            onOptionSelect={(_e, data) => setBuilding(data.optionValue)}
          >
            {(buildings.data ?? []).map((item) => (
              <Option key={item} value={item}>
                {item}
              </Option>
            ))}
          </Dropdown>
        </Field>
      )}
      {buildings.error && <ErrorBar title={MESSAGES.summary} error={buildings.error} onRetry={() => void buildings.reload()} />}
    </Card>
  );
}
