import { Card, CardHeader, makeStyles, MessageBar, MessageBarBody, Text, tokens } from '@fluentui/react-components';
import type { ReactNode } from 'react';

const useStyles = makeStyles({
  card: { padding: tokens.spacingHorizontalL, display: 'grid', gap: tokens.spacingVerticalS, alignContent: 'start' },
});

/** A titled pane of setting rows, or the message explaining why its settings cannot be shown. */
export function SettingsPane({ title, unavailable, children }: { title: string; unavailable?: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <Card className={styles.card} data-testid={`pane-${title}`}>
      <CardHeader
        header={
          <Text as="h2" weight="semibold" size={400}>
            {title}
          </Text>
        }
      />
      {unavailable ? (
        <MessageBar intent="warning" layout="multiline" data-testid="pane-unavailable">
          <MessageBarBody>{unavailable}</MessageBarBody>
        </MessageBar>
      ) : (
        <div role="table" aria-label={title}>
          {children}
        </div>
      )}
    </Card>
  );
}
