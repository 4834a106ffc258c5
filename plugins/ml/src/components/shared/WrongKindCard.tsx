import { InfoCard, type InfoCardVariants } from '@backstage/core-components';
import Typography from '@material-ui/core/Typography';

/**
 * What an entity card shows when it is placed on a page of a kind it does not
 * serve: one sentence naming what it is for and what the entity is, and no
 * API call, so a card added to the wrong page is not an error.
 */
export function WrongKindCard(props: {
  title: string;
  variant?: InfoCardVariants;
  /** What the card shows, and for which kinds: "Uses are tracked for Models, Features and Datasets". */
  servesWhat: string;
  kind: string;
}) {
  return (
    <InfoCard title={props.title} variant={props.variant}>
      <Typography variant="body2">
        {`${props.servesWhat}; this entity is a ${props.kind}.`}
      </Typography>
    </InfoCard>
  );
}
