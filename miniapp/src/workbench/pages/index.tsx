import { FeatureTabPage } from '../../tabs/FeatureTabPage';

export default function WorkbenchTabPage() {
  return <FeatureTabPage tab='workbench' />;
}
