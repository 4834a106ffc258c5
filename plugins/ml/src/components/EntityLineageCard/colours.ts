import type { Theme } from '@material-ui/core/styles';
import type { LineageKindKey } from '../shared/lineageRefs';

export type NodeStyle = LineageKindKey | 'external';

export type Colours = Record<NodeStyle, string> & {
  pass: string;
  warn: string;
  fail: string;
  text: string;
  textSecondary: string;
  paper: string;
  badge: string;
  edge: string;
};

export function coloursOf(theme: Theme): Colours {
  return {
    dataset: theme.palette.success.dark,
    feature: theme.palette.secondary.main,
    model: theme.palette.primary.main,
    other: theme.palette.grey[600],
    external: theme.palette.grey[500],
    pass: theme.palette.success.main,
    warn: theme.palette.warning.main,
    fail: theme.palette.error.main,
    text: theme.palette.text.primary,
    textSecondary: theme.palette.text.secondary,
    paper: theme.palette.background.paper,
    badge: theme.palette.action.selected,
    edge:
      (theme.palette as { textSubtle?: string }).textSubtle ??
      theme.palette.grey[500],
  };
}
