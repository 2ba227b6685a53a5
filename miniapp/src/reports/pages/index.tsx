import { FeatureTabPage } from '../../tabs/FeatureTabPage';

export default function ReportsTabPage() {
  return <FeatureTabPage tab='reports' />;
}
