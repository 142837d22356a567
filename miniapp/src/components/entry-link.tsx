import { Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import { roleProps } from './a11y';

interface EntryLinkProps {
  id: string;
  title: string;
  hint?: string;
  url: string;
}

/** A large card that opens another page: the whole card is the target. */
export function EntryLink({ id, title, hint, url }: EntryLinkProps) {
  return (
    <View className="entry" id={id} onClick={() => Taro.navigateTo({ url })} {...roleProps('link')}>
      <Text className="entry__name">{title}</Text>
      {hint ? <Text className="muted">{hint}</Text> : null}
    </View>
  );
}
